package dev.flywheel.policy.cli;

/**
 * Reading the input or writing an output failed while a command ran (a full disk, a device error, text that cannot be
 * encoded). The command line reports the message on one line and exits with {@link Main#IO_ERROR}.
 */
final class IoFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  IoFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** A one-line description of {@code e}: its message, or its type when it has none. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    if (e instanceof java.nio.charset.CharacterCodingException) {
      text = "it holds text that is not valid Unicode (a lone surrogate) and cannot be encoded as UTF-8";
    }
    return text.replace('\n', ' ').replace('\r', ' ');
  }
}
