/**
 * opsmind nodes as one Vert.x cluster on Hazelcast (server/README.md, "Cluster").
 *
 * <p>A tour: the {@code cluster:} section is {@link dev.opsmind.server.config.ClusterConfig}.
 * {@code ClusterVertx} joins Hazelcast through an explicit TCP/IP member list (never multicast)
 * and starts the clustered event bus (optionally TLS with client certificates). {@link
 * dev.opsmind.server.cluster.ClusterNode} is this node's membership: {@code Membership} publishes
 * its {@link dev.opsmind.server.cluster.NodeStatus} (generators, queue depth, free batch slots,
 * readiness) every second and drops a node the moment Hazelcast reports it gone, it announces it
 * is leaving, or {@code Probes} find its event-bus port closed. Every message between nodes is
 * sealed by {@code Sealer} (AES-GCM under a key derived from the shared secret).
 * {@link dev.opsmind.server.cluster.ClusterRoutes} mounts before the local routes: {@code
 * ModelRouting} places a chat, completions, responses or tokenize request by {@code Placement}
 * (least loaded, then prefix affinity by rendezvous hashing of {@code Affinity}'s key), an
 * embeddings request on a node announcing the embedder; {@code IndexWrites} sends index writes on a
 * replica to the index writer. {@code Destinations} says where a request may go; if another node
 * is chosen, {@code RemoteCall} sends it over the event bus and relays the answer to the client as it comes ({@code Frame}s),
 * and {@code ServedCall} replays it on the serving node's loopback listener so it runs through
 * that node's own auth, limits and scheduler. A lost node's unstarted requests are retried
 * elsewhere; its streams end with an OpenAI error event. {@code ClusterModels} and
 * {@code ClusterMetrics} show who serves what on /v1/models, /ready and /metrics.
 *
 * <p>State: {@code IndexReplication} keeps one index writer (a Hazelcast map entry lock; the member
 * with the newest commit takes over when the writer is lost) and makes the others replicas that
 * copy each of its commits from its {@code CommitServer} (retrieval's {@code replica} package does
 * the copying). {@code JournalCopies} puts every journal append (feedback, proposals, audit) on
 * {@code cluster.journalCopies} other nodes' disks before it is acknowledged (another node serves a
 * lost node's proposals read-only from them). {@code SharedResponses} keeps stored responses in a
 * Hazelcast map with backups, and the client is answered once it is there, so a follow-up works on
 * any node, also after the loss of the node that answered.
 */
package dev.opsmind.server.cluster;
