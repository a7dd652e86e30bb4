/**
 * The parsed form of AI-use terms: an immutable tree of records.
 *
 * <p>Every node carries the {@link dev.flywheel.policy.Span} of the text it came from, and every node's equality
 * ignores spans, so two policies are equal when they say the same thing in the same clause order, however they were
 * spelled ({@code no-train} and {@code deny train} give equal trees). A tree is built by the parser in
 * {@code dev.flywheel.policy.grammar}, or by hand (with {@code null} spans) for tests and importers.
 */
package dev.flywheel.policy.terms;
