package dev.opsmind.inference.tokenizer;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Global functions Hugging Face chat templates call; public static so Jinjava can bind them. */
public final class TemplateFunctions {
  private TemplateFunctions() {}

  /** Thrown by a template's raise_exception(msg). */
  public static final class RaisedException extends RuntimeException {
    RaisedException(String message) {
      super(message);
    }
  }

  public static String raiseException(String message) {
    throw new RaisedException(message);
  }

  /** Python's datetime.now().strftime(format) for the directives templates use. */
  public static String strftimeNow(String format) {
    return strftime(LocalDateTime.now(), format);
  }

  static String strftime(LocalDateTime t, String format) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 == format.length()) {
        out.append(c);
        continue;
      }
      char d = format.charAt(++i);
      String pattern = switch (d) {
        case 'd' -> "dd";
        case 'm' -> "MM";
        case 'Y' -> "yyyy";
        case 'y' -> "yy";
        case 'b' -> "MMM";
        case 'B' -> "MMMM";
        case 'a' -> "EEE";
        case 'A' -> "EEEE";
        case 'H' -> "HH";
        case 'I' -> "hh";
        case 'M' -> "mm";
        case 'S' -> "ss";
        case 'p' -> "a";
        case 'j' -> "DDD";
        default -> null;
      };
      if (pattern != null) {
        out.append(DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(t));
      } else if (d == '%') {
        out.append('%');
      } else {
        out.append('%').append(d);
      }
    }
    return out.toString();
  }
}
