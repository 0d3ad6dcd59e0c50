package dev.opsmind.indexer.embed;

import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.Languages;
import dev.opsmind.retrieval.VectorSpace;
import dev.opsmind.retrieval.search.Glossary;
import dev.opsmind.retrieval.search.QueryEncoder;
import dev.opsmind.retrieval.search.QueryVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The embedders of one index and the languages each serves: a chunk is embedded by every member
 * that serves its language (each into its own vector space), and a query by every member that
 * serves the query's language, the first of them being the primary one whose cosine the
 * relevance gate reads. So English text can ride on an English model and Chinese on a Chinese
 * one, and a bilingual model serving both lets a Chinese question reach an English runbook.
 */
public final class EmbedderSet {
  /** One embedder and the languages ("en", "zh") it embeds in this index. */
  public record Member(Embedder embedder, List<String> languages) {
    public Member {
      Objects.requireNonNull(embedder, "embedder");
      languages = languages == null || languages.isEmpty() ? embedder.spec().languages() : List.copyOf(languages);
      for (String language : languages) {
        Languages.check(language);
      }
    }

    public boolean serves(String language) {
      return languages.contains(language);
    }

    public VectorSpace space() {
      return new VectorSpace(embedder.name(), embedder.dimension());
    }
  }

  private final List<Member> members;
  /** Computed once: the server lists them on the event loop. */
  private final List<String> names;

  public EmbedderSet(List<Member> members) {
    if (members == null || members.isEmpty()) {
      throw new IllegalArgumentException("an index needs at least one embedder");
    }
    this.members = List.copyOf(members);
    List<String> n = new ArrayList<>();
    for (Member m : this.members) {
      n.add(m.embedder().name());
    }
    this.names = List.copyOf(n);
    for (int i = 0; i < this.members.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (this.members.get(i).embedder().name().equals(this.members.get(j).embedder().name())) {
          throw new IllegalArgumentException("embedder " + this.members.get(i).embedder().name() + " is listed twice");
        }
      }
    }
  }

  /** One embedder serving the languages it was trained for. */
  public static EmbedderSet of(Embedder embedder) {
    return new EmbedderSet(List.of(new Member(embedder, null)));
  }

  public List<Member> members() {
    return members;
  }

  /** The vector spaces, one per member, in order. */
  public List<VectorSpace> spaces() {
    return members.stream().map(Member::space).toList();
  }

  /**
   * The members that embed text of {@code language}: those serving it, or every member when none
   * does (a text in a language no model was meant for still gets vectors).
   */
  public List<Member> forLanguage(String language) {
    List<Member> serving = members.stream().filter(m -> m.serves(language)).toList();
    return serving.isEmpty() ? members : serving;
  }

  /** Inputs truncated to a model's longest input, over all members, since they were loaded. */
  public long truncatedCount() {
    return members.stream().mapToLong(m -> m.embedder().truncatedCount()).sum();
  }

  /**
   * Weight of a bilingual member's list for a query whose language also has a member of its own
   * (an English question: bge-small-en beside bge-small-zh serving zh+en), on the chunks the
   * specialist also sees; on the others (Chinese chunks) it is the only vector voice and counts
   * fully. The specialist leads: at full weight the bilingual model's weaker English ranking pulled SciFact's vector nDCG@10
   * from 0.704 down to 0.623 (bench/README, "Retrieval quality").
   */
  public static final double GENERALIST_WEIGHT = 0.5;

  /** Weight of a vector list searched with the glossary's translation of the query. */
  public static final double TRANSLATED_WEIGHT = 0.5;

  /**
   * The query encoder: the members serving the query's language embed the query (the first is
   * primary); a member serving only the other language embeds the query's glossary translation
   * ("证书 过期" → "certificate expire"), at {@value #TRANSLATED_WEIGHT} weight, so a Chinese
   * question also searches an English-only model's space.
   */
  public QueryEncoder queryEncoder() {
    return query -> {
      String language = Languages.detect(query);
      List<Member> serving = forLanguage(language);
      List<QueryVector> out = new ArrayList<>();
      List<Member> specialists = serving.stream().filter(m -> m.languages().equals(List.of(language))).toList();
      for (Member m : serving) {
        if (specialists.isEmpty() || specialists.contains(m)) {
          out.add(new QueryVector(m.embedder().name(), m.embedder().embedQuery(query), 1.0));
        } else {
          // it defers to the specialist on the chunks both see, and speaks alone for the others
          List<String> alone = m.languages().stream()
              .filter(l -> specialists.stream().noneMatch(sp -> sp.serves(l))).toList();
          out.add(new QueryVector(m.embedder().name(), m.embedder().embedQuery(query), GENERALIST_WEIGHT, alone));
        }
      }
      String translation = null;
      for (Member m : members) {
        if (serving.contains(m)) {
          continue;
        }
        if (translation == null) {
          translation = Glossary.builtIn().translate(query, language);
        }
        if (!translation.isEmpty()) {
          out.add(QueryVector.ofTranslation(m.embedder().name(), m.embedder().embedQuery(translation), TRANSLATED_WEIGHT));
        }
      }
      return out;
    };
  }

  /**
   * Query text to a vector in one fixed space (the first member serving both languages, else the
   * first member), so that any two queries can be compared, whatever their languages.
   */
  public java.util.function.Function<String, float[]> similarityEncoder() {
    Member m = members.stream().filter(x -> x.serves(Languages.ENGLISH) && x.serves(Languages.CHINESE)).findFirst()
        .orElse(members.get(0));
    return text -> m.embedder().embedQuery(text);
  }

  /** The member named {@code name}. */
  public java.util.Optional<Embedder> embedder(String name) {
    return members.stream().map(Member::embedder).filter(e -> e.name().equals(name)).findFirst();
  }

  /** Names of the members, in order. */
  public List<String> names() {
    return names;
  }
}
