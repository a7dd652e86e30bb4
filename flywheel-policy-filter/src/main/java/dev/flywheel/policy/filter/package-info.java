/**
 * Filtering contribution records for a declared purpose, with an obligations ledger ({@code docs/FILTER.md}).
 *
 * <p>{@link dev.flywheel.policy.filter.RecordFilter} streams a JSON Lines file of records through one
 * {@link dev.flywheel.policy.PolicyEngine}: each line gives a {@link dev.flywheel.policy.filter.FilteredLine} (the
 * record or its diagnostics, the decision, the outcome and, when not allowed, one
 * {@link dev.flywheel.policy.filter.DenialReason}), in input order, through an iterator, a stream or a callback. The
 * {@link dev.flywheel.policy.filter.Ledger} accumulates whom to credit, what is owed to each collective and each
 * quota's use; quotas and the ledger are applied in input order, so results never depend on the number of threads.
 * {@link dev.flywheel.policy.filter.FilteredLineJson} and {@link dev.flywheel.policy.filter.LedgerJson} are the
 * output formats of the {@code filter} command.
 */
package dev.flywheel.policy.filter;
