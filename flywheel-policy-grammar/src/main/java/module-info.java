/** The terms language: parser facade and canonical printer. The generated ANTLR code is internal. */
module dev.flywheel.policy.grammar {
  requires transitive dev.flywheel.policy.api;
  requires org.antlr.antlr4.runtime;
  requires com.ibm.icu;

  exports dev.flywheel.policy.grammar;
}
