/**
 * Importers and exporters between the flywheel-policy terms language and the AI-preference signals in use on the web:
 * IETF AIPREF {@code Content-Usage}, robots.txt, Cloudflare {@code Content-Signal}, RSL, CC signals, W3C TDMRep and
 * robots directives ({@code X-Robots-Tag} headers, robots meta tags).
 */
module dev.flywheel.policy.interop {
  requires transitive dev.flywheel.policy.api;
  requires dev.flywheel.policy.grammar;
  requires java.xml;
  requires org.jsoup;
  requires com.fasterxml.jackson.databind;
  // Automatic module (the 0.4 jar has no module descriptor nor Automatic-Module-Name).
  requires structured.fields;

  exports dev.flywheel.policy.interop;
}
