package dev.opsmind.indexer.logs.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and newlines. */
final class Csv {
  private Csv() {}

  /** The next record's fields, or null at the end. */
  static List<String> next(BufferedReader in) throws IOException {
    String line = in.readLine();
    if (line == null) return null;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    while (true) {
      for (int i = 0; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
              field.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else {
          field.append(c);
        }
      }
      if (!quoted) break;
      String more = in.readLine();
      if (more == null) break;
      field.append('\n');
      line = more;
    }
    fields.add(field.toString());
    return fields;
  }
}
