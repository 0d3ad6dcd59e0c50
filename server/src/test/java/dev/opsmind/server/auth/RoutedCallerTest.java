package dev.opsmind.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.retrieval.Principal;
import org.junit.jupiter.api.Test;

/** The caller a routed request carries, and the token that makes a replay trusted. */
class RoutedCallerTest {
  @Test
  void aCallerSurvivesTheTripWithItsRoleAndItsDefaultRole() {
    var operator = RoutedCaller.parse(RoutedCaller.header(RoutedCaller.describe(new Principal("olga / ops", false),
        Role.OPERATOR))).orElseThrow();
    assertEquals(new Principal("olga / ops", false), operator.principal());
    assertEquals(Role.OPERATOR, operator.role());
    var admin = RoutedCaller.parse(RoutedCaller.header(RoutedCaller.describe(new Principal("root", true), null)))
        .orElseThrow();
    assertEquals(Role.ADMIN, admin.role(), "no role named: the principal's own");
  }

  @Test
  void malformedCallersAreNoCaller() {
    assertTrue(RoutedCaller.parse(null).isEmpty());
    assertTrue(RoutedCaller.parse("").isEmpty());
    assertTrue(RoutedCaller.parse("not base64 !").isEmpty());
    assertTrue(RoutedCaller.parse(java.util.Base64.getUrlEncoder().encodeToString("{\"name\":\"\"}".getBytes()))
        .isEmpty(), "a blank principal");
    assertTrue(RoutedCaller.parse(java.util.Base64.getUrlEncoder().encodeToString(
        "{\"name\":\"x\",\"role\":\"superuser\"}".getBytes())).isEmpty(), "an unknown role");
  }

  @Test
  void tokensAreFreshAndMatchOnlyThemselves() {
    String token = RoutedCaller.newToken();
    assertNotEquals(token, RoutedCaller.newToken());
    assertTrue(token.length() >= 43, token);
    assertTrue(RoutedCaller.matches(token, token));
    assertFalse(RoutedCaller.matches(token, token + "x"));
    assertFalse(RoutedCaller.matches(token, null));
    assertFalse(RoutedCaller.matches(null, token), "a node outside a cluster trusts no replay");
  }
}
