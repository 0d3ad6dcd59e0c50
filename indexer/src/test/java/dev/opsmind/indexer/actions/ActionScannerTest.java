package dev.opsmind.indexer.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Declarations in fenced blocks and front matter; every malformed one is a problem with its lines, never an action. */
class ActionScannerTest {
  private static ActionScanner.Scan scan(String markdown) {
    return new ActionScanner().scan("runbooks/x.md", markdown.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void collectsValidBlocksAnywhereWithTheirLines() {
    String md = """
        # Restart

        Text.

        ```opsmind-action
        name: restart-service
        description: Restart a systemd unit
        run: ["/usr/bin/systemctl", "restart", "{{unit}}"]
        params:
          unit: {pattern: "^[a-z0-9@._-]{1,64}\\\\.service$", description: "unit name"}
        risk: medium
        timeout_seconds: 60
        ```

        - in a list:

          ```opsmind-action
          name: clear-cache
          run: ["/usr/bin/rm", "-rf", "/var/cache/app/{{part}}-tmp"]
          params:
            part: {pattern: "[a-z]{1,8}"}
          ```
        """;
    var scan = scan(md);
    assertEquals(List.of(), scan.problems());
    assertEquals(2, scan.actions().size());
    ActionDeclaration restart = scan.actions().get(0);
    assertEquals("restart-service", restart.name());
    assertEquals(List.of("/usr/bin/systemctl", "restart", "{{unit}}"), restart.run());
    assertEquals("medium", restart.risk());
    assertEquals(60, restart.timeoutSeconds());
    assertEquals(5, restart.startLine());
    assertEquals(13, restart.endLine());
    assertEquals("^[a-z0-9@._-]{1,64}\\.service$", restart.params().get("unit").pattern());
    ActionDeclaration clear = scan.actions().get(1);
    assertEquals("high", clear.risk(), "no risk given: treated as high");
    assertEquals(List.of("part"), clear.placeholders());
    // round trip through the index's form
    assertEquals(restart, ActionDeclaration.fromJson(restart.toJson()));
    assertEquals(4, new ActionScanner.Scan(scan.actions(), List.of(
        new ActionProblem("a", "b", 1, 2), new ActionProblem("c", "d", 3, 4))).notes("ops", "x.md").size());
  }

  @Test
  void malformedDeclarationsAreProblemsNeverActions() {
    String md = """
        ```opsmind-action
        name: [unclosed
        ```

        ```opsmind-action
        name: no-pattern
        run: ["/usr/bin/systemctl", "restart", "{{unit}}"]
        ```

        ```opsmind-action
        name: relative
        run: ["systemctl", "restart"]
        ```

        ```opsmind-action
        name: placeholder-exe
        run: ["{{exe}}"]
        params:
          exe: {pattern: ".*"}
        ```

        ```opsmind-action
        name: sneaky
        run: ["/usr/bin/../../bin/sh", "-c", "id"]
        ```

        ```opsmind-action
        name: bad-regex
        run: ["/bin/echo", "{{x}}"]
        params:
          x: {pattern: "(unclosed"}
        ```

        ```opsmind-action
        name: extra-key
        run: ["/bin/echo"]
        shell: true
        ```

        ```opsmind-action
        name: dup
        run: ["/bin/echo"]
        risk: low
        ```

        ```opsmind-action
        name: dup
        run: ["/bin/true"]
        risk: low
        ```
        """;
    var scan = scan(md);
    assertEquals(List.of("dup"), scan.actions().stream().map(ActionDeclaration::name).toList());
    assertEquals(8, scan.problems().size(), scan.problems().toString());
    var messages = scan.problems().stream().map(ActionProblem::message).toList();
    assertTrue(messages.get(0).startsWith("not valid YAML"), messages.get(0));
    assertTrue(messages.get(1).contains("{{unit}} has no parameter with a pattern"), messages.get(1));
    assertTrue(messages.get(2).contains("absolute"), messages.get(2));
    assertTrue(messages.get(3).contains("must be fixed"), messages.get(3));
    assertTrue(messages.get(4).contains("normalised"), messages.get(4));
    assertTrue(messages.get(5).contains("not a regular expression"), messages.get(5));
    assertTrue(messages.get(6).contains("unknown key 'shell'"), messages.get(6));
    assertTrue(messages.get(7).contains("more than once"), messages.get(7));
    assertEquals(1, scan.problems().get(0).startLine());
    assertEquals(3, scan.problems().get(0).endLine());
  }

  @Test
  void frontMatterListsActionsToo() {
    String md = """
        ---
        title: Disk full
        actions:
          - name: rotate-logs
            run: ["/usr/sbin/logrotate", "-f", "/etc/logrotate.conf"]
            risk: low
          - name: broken
        ---
        # Disk full
        """;
    var scan = scan(md);
    assertEquals(List.of("rotate-logs"), scan.actions().stream().map(ActionDeclaration::name).toList());
    assertEquals(1, scan.problems().size());
    assertEquals("broken", scan.problems().get(0).name());
    assertEquals(1, scan.actions().get(0).startLine());
    assertEquals(8, scan.actions().get(0).endLine());
    assertEquals(ActionScanner.Scan.NONE, scan("# Nothing here\n\n```yaml\nname: x\n```\n"));
  }
}
