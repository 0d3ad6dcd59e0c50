package dev.opsmind.indexer.logs.eval;

import java.util.Map;

/**
 * The line-header format of each Loghub system, as Loghub's benchmark gives it: the only
 * per-system input of the evaluation (the miner's settings are the same for all).
 */
public final class LoghubFormats {
  private LoghubFormats() {}

  public static final Map<String, String> FORMATS = Map.ofEntries(
      Map.entry("HDFS", "<Date> <Time> <Pid> <Level> <Component>: <Content>"),
      Map.entry("Hadoop", "<Date> <Time> <Level> \\[<Process>\\] <Component>: <Content>"),
      Map.entry("Spark", "<Date> <Time> <Level> <Component>: <Content>"),
      Map.entry("Zookeeper", "<Date> <Time> - <Level>  \\[<Node>:<Component>@<Id>\\] - <Content>"),
      Map.entry("BGL", "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>"),
      Map.entry("HPC", "<LogId> <Node> <Component> <State> <Time> <Flag> <Content>"),
      Map.entry("Thunderbird", "<Label> <Timestamp> <Date> <User> <Month> <Day> <Time> <Location> <Component>(\\[<PID>\\])?: <Content>"),
      Map.entry("Windows", "<Date> <Time>, <Level>                  <Component>    <Content>"),
      Map.entry("Linux", "<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>"),
      Map.entry("Android", "<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>"),
      Map.entry("HealthApp", "<Time>\\|<Component>\\|<Pid>\\|<Content>"),
      Map.entry("Apache", "\\[<Time>\\] \\[<Level>\\] <Content>"),
      Map.entry("Proxifier", "\\[<Time>\\] <Program> - <Content>"),
      Map.entry("OpenSSH", "<Date> <Day> <Time> <Component> sshd\\[<Pid>\\]: <Content>"),
      Map.entry("OpenStack", "<Logrecord> <Date> <Time> <Pid> <Level> <Component> \\[<ADDR>\\] <Content>"),
      Map.entry("Mac", "<Month>  <Date> <Time> <User> <Component>\\[<PID>\\]( \\(<Address>\\))?: <Content>"));
}
