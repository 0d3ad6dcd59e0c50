package dev.opsmind.retrieval;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.index.IndexableField;

/**
 * The fields of the three kinds of document in the one Lucene index (chunks, source manifests,
 * collections) and the conversions between them and records. retrieval/README.md documents the
 * same layout for people.
 */
public final class IndexLayout {
  /** Bumped when the layout changes incompatibly; kept in the commit's user data. */
  public static final String VERSION = "4"; // 3: sources carry their notes; 4: English identifiers split

  public static final String DOC_TYPE = "doc_type";
  public static final String TYPE_CHUNK = "chunk";
  public static final String TYPE_MANIFEST = "manifest";
  public static final String TYPE_COLLECTION = "collection";
  /** A {@link SourceNote}: stored with its source under the same source key, never searched as text. */
  public static final String TYPE_NOTE = "note";
  public static final String NOTE_KIND = "note_kind";
  public static final String NOTE_BODY = "note_body";

  public static final String ID = "id";
  public static final String COLLECTION = "collection";
  /** collection + NUL + path: the term that deletes a source's chunks and manifest together. */
  public static final String SOURCE_KEY = "source_key";
  public static final String PATH = "path";
  public static final String SOURCE_TYPE = "source_type";
  public static final String START_LINE = "start_line";
  public static final String END_LINE = "end_line";
  public static final String HEADING = "heading";
  public static final String LANGUAGE = "language";
  public static final String CONTENT_HASH = "content_hash";
  public static final String MODIFIED = "modified";
  public static final String TAG = "tag";
  public static final String TEXT_EN = "text_en";
  public static final String TEXT_ZH = "text_zh";
  /** The document title and the words of its file name, analysed (searchable). */
  public static final String TITLE_EN = "title_en";
  public static final String TITLE_ZH = "title_zh";
  /** The headings above the chunk (the title excluded), analysed (searchable). */
  public static final String HEADINGS_EN = "headings_en";
  public static final String HEADINGS_ZH = "headings_zh";
  /** The vector spaces the chunks of a manifest's source were embedded in. */
  public static final String VECTOR_SPACE = "vector_space";
  public static final String MANIFEST_LAYOUT = "manifest_layout";

  public static final String CHUNK_ID = "chunk_id";
  public static final String INDEXED = "indexed";

  public static final String COLLECTION_NAME = "collection_name";
  public static final String READER = "reader";
  public static final String DESCRIPTION = "description";

  /** Analysed, not stored: title and heading words are searchable, the stored headings show them. */
  private static final FieldType SEARCH_ONLY_TYPE = new FieldType();

  /** Analysed, stored, with offsets in the postings so snippets need no re-analysis. */
  private static final FieldType TEXT_TYPE = new FieldType();

  static {
    TEXT_TYPE.setTokenized(true);
    TEXT_TYPE.setStored(true);
    TEXT_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    TEXT_TYPE.freeze();
    SEARCH_ONLY_TYPE.setTokenized(true);
    SEARCH_ONLY_TYPE.setStored(false);
    SEARCH_ONLY_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
    SEARCH_ONLY_TYPE.freeze();
  }

  private IndexLayout() {}

  public static String textField(String language) {
    return Languages.CHINESE.equals(language) ? TEXT_ZH : TEXT_EN;
  }

  public static String titleField(String language) {
    return Languages.CHINESE.equals(language) ? TITLE_ZH : TITLE_EN;
  }

  public static String headingsField(String language) {
    return Languages.CHINESE.equals(language) ? HEADINGS_ZH : HEADINGS_EN;
  }

  /**
   * What a chunk's title field holds: the document title and the words of its file name
   * ("KubePodCrashLooping.md" also reads "Kube Pod Crash Looping", "disk-full.md" "disk full").
   */
  public static String titleText(Chunk chunk) {
    String name = chunk.sourcePath().substring(chunk.sourcePath().lastIndexOf('/') + 1);
    int dot = name.indexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String words = stem.replaceAll("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ").replaceAll("[-_.]+", " ");
    return chunk.title() + "\n" + words;
  }

  /** What a chunk's headings field holds: the heading path without the title. */
  public static String headingsText(Chunk chunk) {
    List<String> path = chunk.headingPath();
    return path.size() <= 1 ? "" : String.join("\n", path.subList(1, path.size()));
  }

  public static String sourceKey(String collection, String path) {
    return collection + '\u0000' + path;
  }

  public static Term sourceTerm(String collection, String path) {
    return new Term(SOURCE_KEY, sourceKey(collection, path));
  }

  static Document chunkDocument(Chunk chunk) {
    Document doc = new Document();
    doc.add(new StringField(DOC_TYPE, TYPE_CHUNK, Field.Store.NO));
    doc.add(new StringField(ID, chunk.id(), Field.Store.YES));
    doc.add(new StringField(COLLECTION, chunk.collection(), Field.Store.YES));
    doc.add(new StringField(SOURCE_KEY, sourceKey(chunk.collection(), chunk.sourcePath()), Field.Store.NO));
    doc.add(new StringField(PATH, chunk.sourcePath(), Field.Store.YES));
    doc.add(new StringField(SOURCE_TYPE, chunk.sourceType(), Field.Store.YES));
    doc.add(new StoredField(START_LINE, chunk.startLine()));
    doc.add(new StoredField(END_LINE, chunk.endLine()));
    for (String heading : chunk.headingPath()) {
      doc.add(new StoredField(HEADING, heading));
    }
    doc.add(new StringField(LANGUAGE, chunk.language(), Field.Store.YES));
    doc.add(new StoredField(CONTENT_HASH, chunk.contentHash()));
    doc.add(new LongPoint(MODIFIED, chunk.modifiedMillis()));
    doc.add(new StoredField(MODIFIED, chunk.modifiedMillis()));
    for (String tag : chunk.tags()) {
      doc.add(new StringField(TAG, tag, Field.Store.YES));
    }
    doc.add(new Field(textField(chunk.language()), chunk.text(), TEXT_TYPE));
    doc.add(new Field(titleField(chunk.language()), titleText(chunk), SEARCH_ONLY_TYPE));
    String headings = headingsText(chunk);
    if (!headings.isEmpty()) {
      doc.add(new Field(headingsField(chunk.language()), headings, SEARCH_ONLY_TYPE));
    }
    chunk.vectors().forEach((space, vector) ->
        doc.add(new KnnFloatVectorField(VectorSpace.fieldOf(space), vector, VectorSimilarityFunction.DOT_PRODUCT)));
    return doc;
  }

  /** A chunk as read back from its stored fields (without its vector). */
  public static Chunk chunkOf(Document doc) {
    String language = doc.get(LANGUAGE);
    return new Chunk(doc.get(ID), doc.get(COLLECTION), doc.get(PATH), doc.get(SOURCE_TYPE),
        doc.getField(START_LINE).numericValue().intValue(), doc.getField(END_LINE).numericValue().intValue(),
        List.of(doc.getValues(HEADING)), language, doc.get(CONTENT_HASH),
        doc.getField(MODIFIED).numericValue().longValue(), List.of(doc.getValues(TAG)),
        doc.get(textField(language)), null);
  }

  /** The vector of one document in one vector field, or null when it has none there. */
  static float[] vectorOf(org.apache.lucene.index.IndexReader reader, int doc, String field) throws java.io.IOException {
    var leaves = reader.leaves();
    var ctx = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
    org.apache.lucene.index.FloatVectorValues values = ctx.reader().getFloatVectorValues(field);
    if (values == null) {
      return null;
    }
    int local = doc - ctx.docBase;
    var it = values.iterator();
    return it.advance(local) == local ? values.vectorValue(it.index()).clone() : null;
  }

  static Document manifestDocument(String collection, SourceManifest manifest, long indexedMillis) {
    Document doc = new Document();
    doc.add(new StringField(DOC_TYPE, TYPE_MANIFEST, Field.Store.NO));
    doc.add(new StringField(COLLECTION, collection, Field.Store.YES));
    doc.add(new StringField(SOURCE_KEY, sourceKey(collection, manifest.sourcePath()), Field.Store.NO));
    doc.add(new StringField(PATH, manifest.sourcePath(), Field.Store.YES));
    // Lucene wants one schema per field name: same field kinds as on chunks.
    doc.add(new StringField(SOURCE_TYPE, manifest.sourceType(), Field.Store.YES));
    doc.add(new StoredField(CONTENT_HASH, manifest.contentHash()));
    doc.add(new LongPoint(MODIFIED, manifest.modifiedMillis()));
    doc.add(new StoredField(MODIFIED, manifest.modifiedMillis()));
    doc.add(new StoredField(INDEXED, indexedMillis));
    for (String id : manifest.chunkIds()) {
      doc.add(new StoredField(CHUNK_ID, id));
    }
    for (String space : manifest.vectorSpaces()) {
      doc.add(new StoredField(VECTOR_SPACE, space));
    }
    doc.add(new StoredField(MANIFEST_LAYOUT, manifest.layout()));
    return doc;
  }

  static SourceManifest manifestOf(Document doc) {
    return new SourceManifest(doc.get(PATH), doc.get(SOURCE_TYPE), doc.get(CONTENT_HASH),
        doc.getField(MODIFIED).numericValue().longValue(), List.of(doc.getValues(CHUNK_ID)),
        List.of(doc.getValues(VECTOR_SPACE)), doc.get(MANIFEST_LAYOUT));
  }

  static Document noteDocument(SourceNote note) {
    Document doc = new Document();
    doc.add(new StringField(DOC_TYPE, TYPE_NOTE, Field.Store.NO));
    doc.add(new StringField(COLLECTION, note.collection(), Field.Store.YES));
    doc.add(new StringField(SOURCE_KEY, sourceKey(note.collection(), note.sourcePath()), Field.Store.NO));
    doc.add(new StringField(PATH, note.sourcePath(), Field.Store.YES));
    doc.add(new StringField(NOTE_KIND, note.kind(), Field.Store.YES));
    doc.add(new StoredField(NOTE_BODY, note.body()));
    return doc;
  }

  static SourceNote noteOf(Document doc) {
    return new SourceNote(doc.get(COLLECTION), doc.get(PATH), doc.get(NOTE_KIND), doc.get(NOTE_BODY));
  }

  static Document collectionDocument(KnowledgeCollection collection) {
    Document doc = new Document();
    doc.add(new StringField(DOC_TYPE, TYPE_COLLECTION, Field.Store.NO));
    doc.add(new StringField(COLLECTION_NAME, collection.name(), Field.Store.YES));
    for (String reader : collection.readers()) {
      doc.add(new StringField(READER, reader, Field.Store.YES));
    }
    doc.add(new StoredField(DESCRIPTION, collection.description()));
    return doc;
  }

  static KnowledgeCollection collectionOf(Document doc) {
    List<String> readers = new ArrayList<>();
    for (IndexableField f : doc.getFields(READER)) {
      readers.add(f.stringValue());
    }
    return new KnowledgeCollection(doc.get(COLLECTION_NAME), readers, doc.get(DESCRIPTION));
  }
}
