/**
 * A language server for flywheel-policy terms files ({@code .terms}) over the Language Server Protocol: diagnostics,
 * formatting, completion and hover. Entry point: {@link dev.flywheel.policy.lsp.TermsLanguageServer#serve}.
 */
module dev.flywheel.policy.lsp {
  requires transitive dev.flywheel.policy.api;
  requires dev.flywheel.policy.grammar;
  // Automatic modules: the LSP4J 1.0.0 jars have no module descriptor, so their names come from the file names.
  requires transitive org.eclipse.lsp4j;
  requires transitive org.eclipse.lsp4j.jsonrpc;
  requires com.google.gson;

  exports dev.flywheel.policy.lsp;
  // LSP4J calls the server's handlers and Gson fills the protocol types by reflection.
  opens dev.flywheel.policy.lsp to org.eclipse.lsp4j.jsonrpc, com.google.gson;
}
