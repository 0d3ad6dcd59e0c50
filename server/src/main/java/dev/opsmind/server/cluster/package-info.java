/**
 * opsmind nodes as one Vert.x cluster on Hazelcast (server/README.md, "Cluster").
 *
 * <p>A tour: {@link dev.opsmind.server.config.ClusterConfig} is the {@code cluster:} section.
 * {@link dev.opsmind.server.cluster.ClusterNode#startVertx} joins Hazelcast through an explicit
 * TCP/IP member list (never multicast) and starts the clustered event bus; {@code Membership}
 * publishes each node's {@link dev.opsmind.server.cluster.NodeStatus} (its generators, queue depth,
 * free batch slots, readiness) every second and drops a node the moment Hazelcast reports it gone.
 * Every message between nodes is sealed by {@code Sealer} (AES-GCM under a key derived from the
 * shared secret). A chat or completions request for a model is placed by {@code Placement} (least
 * loaded, then prefix affinity by rendezvous hashing of {@code Affinity}'s key); if another node is
 * chosen, {@code RemoteCall} sends it over the event bus and relays the answer to the client frame
 * by frame, and {@code ServedCall} replays it on the serving node's loopback listener so it runs
 * through that node's own auth, limits and scheduler. A lost node's unstarted requests are retried
 * elsewhere; its streams end with an OpenAI error event.
 */
package dev.opsmind.server.cluster;
