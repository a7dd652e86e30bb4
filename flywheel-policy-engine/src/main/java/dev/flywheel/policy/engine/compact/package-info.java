/**
 * The compact form of compiled terms: a memo of {@link dev.flywheel.policy.engine.semantics.StatementRules} that an
 * engine keeps per distinct terms text, small enough to cache tens of thousands and fast enough that a cached
 * explicit decision allocates nothing. Internal to the engine module: not exported by its module descriptor, and not
 * an API; its types are public only so that the engine's facade can use them.
 *
 * <h2>Layout</h2>
 *
 * <p><b>Time segments.</b> Every {@code from}/{@code until} instant of a statement is a boundary; between two
 * neighbouring boundaries no clause changes state (rule 8), so the table needs one column per segment, and the
 * segment of a request time is found by binary search over the boundaries, kept as epoch seconds in a
 * {@code long[]} (nanoseconds on the side, only when some boundary has them).
 *
 * <p><b>Packed clauses.</b> After the boundaries, the same {@code long[]} holds one long per clause
 * ({@link dev.flywheel.policy.engine.compact.PackedClause}): kind, purpose mask and required-fact mask in bits 0-15,
 * first active segment in bits 16-39, first inactive segment in bits 40-63. Duties, clause texts that differ from the
 * source, spans that cannot be read back from the source, and boundary nanoseconds live in a side record that is
 * absent for nearly all terms. A reason's clause text and span are read back from the source text between semicolons
 * ({@link dev.flywheel.policy.engine.compact.ClauseTexts}) when a cell is filled; compiling checks clause by clause
 * that this reading gives what the parser gave, and keeps what it does not.
 *
 * <p><b>Classes.</b> (Purpose, segment) pairs that the same clauses decide share one row of the table
 * ({@link dev.flywheel.policy.engine.compact.ClassMaps}). The map from pair to class is one long (4 bits per pair) for
 * at most 2 segments and 16 classes, as nearly all terms have; otherwise a {@code char[]} shared by statements of one
 * shape.
 *
 * <p><b>Table.</b> One cell per class x fact set (the fact dimension is 1 when no clause requires a fact), filled on
 * first use by asking {@link dev.flywheel.policy.engine.semantics.StatementRules} over a
 * {@link dev.flywheel.policy.engine.compact.PackedView} of the clauses in that segment. A cell holds the decision, or
 * both variants of an obligation ({@link dev.flywheel.policy.engine.compact.DecisionCells}). Equal cells are shared
 * within a table and, through the engine's small shared table, across statements. A race fills a cell twice with
 * equal immutable values, which is harmless.
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li>{@code classify} assumes that what a statement says about a purpose in a segment depends only on the active
 *       {@code -only} clauses that exclude it, else on the active clauses naming its level and the active standalone
 *       duties (rules 2, 4, 5). A change to the rules that looks at anything else (the purpose's own name in a
 *       message, say) must add it to the class key, or pairs that decide differently would share a cell.
 *   <li>Within one segment no clause changes state, so any instant of a segment decides like every other.
 *   <li>A cell depends only on the request's purpose, segment and facts; honoured obligation types only pick one of
 *       an obligation's two prepared variants, and the engine's default is the same for every cell of an engine.
 *   <li>The engine's tests compare every decision with {@link dev.flywheel.policy.engine.semantics.Semantics}, which
 *       reads the parsed tree with none of the above.
 * </ul>
 *
 * <h2>Capacity limits</h2>
 *
 * <p>Each is checked when terms are compiled ({@link dev.flywheel.policy.engine.compact.Capacity}); past one the terms
 * take a slower form, never a wrong cell:
 * <ul>
 *   <li>at most 8 purposes, and kind plus purposes plus facts within 16 bits: past it no statement is packed, and each
 *       is decided by the semantics directly over its kept tree;
 *   <li>at most {@code 2^24 - 2} boundaries per statement (segment numbers are 24 bits): past it, the same;
 *   <li>a table is kept for at most 16 segments when some clause requires a fact, 64 without; past it the statement
 *       keeps its packed clauses but no table, and each call decides afresh (so no cache entry grows large);
 *   <li>classes as clause bit masks for at most 64 clauses; past it every pair is its own class (larger, still right).
 * </ul>
 */
package dev.flywheel.policy.engine.compact;
