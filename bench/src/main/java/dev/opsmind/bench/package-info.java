/**
 * Benchmarks: JMH benchmarks ({@code *Benchmark}) and plain runners ({@code *Bench}) of decode,
 * batching, sampling, constrained JSON, chunking, indexing, retrieval, log diagnosis and the HTTP
 * server under load and over a long soak. bench/README.md says how to run each and records the
 * results; {@link dev.opsmind.bench.SyntheticCorpus} makes the deterministic data of the scale runs.
 * Nothing else imports this module.
 */
package dev.opsmind.bench;
