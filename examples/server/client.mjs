// Calling flywheel-policy serve from a TypeScript or JavaScript flywheel (Node 18+, or a browser: fetch only).
//
//     node client.mjs http://127.0.0.1:8080/
//
// Plain JavaScript with JSDoc types, so it runs as it is and a TypeScript project type-checks it (checkJs); the
// same code with TypeScript annotations is in docs/SERVER.md. Diagnostics carry utf16Offset/utf16Length, which
// index JavaScript strings directly.
// @ts-check

const base = (process.argv[2] ?? "http://127.0.0.1:8080/").replace(/\/$/, "");

/**
 * @typedef {{code: string, severity: "error" | "warning", message: string, help: string | null,
 *   line: number | null, column: number | null, offset: number | null, length: number | null,
 *   utf16Offset: number | null, utf16Length: number | null, pointer: string | null}} Diagnostic
 * @typedef {{valid: boolean, canonical: string | null, diagnostics: Diagnostic[]}} Validation
 * @typedef {{decision: "allow" | "deny" | "obligation", allowed: boolean, obligations: {type: string}[],
 *   basis: string, reasons: {clause: string | null, message: string}[]}} Decision
 */

/**
 * @param {string} path
 * @param {object} body
 * @returns {Promise<any>}
 */
async function call(path, body) {
  const response = await fetch(base + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) {
    const problem = json.diagnostics[0];
    throw new Error(`${response.status} ${problem.code}: ${problem.message}`);
  }
  return json;
}

/**
 * The canonical terms, or an error naming what to fix.
 * @param {string} terms
 * @returns {Promise<string>}
 */
async function check(terms) {
  /** @type {Validation} */
  const result = await call("/v1/validate", { terms });
  if (result.valid && result.canonical !== null) return result.canonical;
  const problems = result.diagnostics.map((d) => {
    const word = d.utf16Offset === null ? "" : terms.slice(d.utf16Offset, d.utf16Offset + (d.utf16Length ?? 0));
    return `${d.code} at '${word}': ${d.message}` + (d.help ? ` (${d.help})` : "");
  });
  throw new Error(problems.join("; "));
}

try {
  await check("trian if attribution");
} catch (problem) {
  console.log("rejected:", /** @type {Error} */ (problem).message);
}
const terms = await check("train if attribution");
console.log("accepted:", terms);
/** @type {Decision} */
const decision = await call("/v1/decide", {
  terms, purpose: "train", honour: ["attribution"], at: "2027-03-01",
});
console.log("decision:", decision.decision, decision.allowed ? "allowed" : "not allowed", "with",
  decision.obligations.map((o) => o.type).join(", "));
