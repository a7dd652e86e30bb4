/**
 * The register: an append-only log of signed entries (issuers admitted and retired, collective statements, rosters,
 * withdrawals, releases), each line a DSSE envelope signed with Ed25519, the lines the leaves of an RFC 9162 Merkle
 * tree whose head the operator signs. {@link dev.flywheel.policy.register.RegisterLog} loads and verifies a register
 * folder; the Merkle tree ({@code MerkleTree}) and the envelopes
 * ({@code Dsse}) are general and reusable.
 */
module dev.flywheel.policy.register {
  requires transitive dev.flywheel.policy.api;
  requires transitive dev.flywheel.policy.records;
  requires dev.flywheel.policy.grammar;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.flywheel.policy.register;
}
