package io.redress.config;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.regex.Pattern;

/**
 * What counts as an email address wherever Redress takes one: configured (the security contact, the domain creators
 * are mailed at) or found (a creator's tag, user or session name).
 */
public final class EmailAddresses {

  /**
   * No {@code %} in the local part, though mail allows one: relays may route {@code a%evil.example@example.com} on to
   * evil.example (Postfix's percent hack), past the domains a lesson may go to.
   */
  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._+'-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

  private EmailAddresses() {
  }

  /**
   * One plain email address that Jakarta Mail, which the SMTP channel sends with, parses strictly as it is: the
   * pattern alone lets through what a mail server never accepts ({@code john.@example.com}, {@code a@b..com}), and
   * a notification to such an address would fail every attempt.
   */
  public static boolean isAddress(String value) {
    if (!EMAIL.matcher(value).matches()) {
      return false;
    }
    try {
      InternetAddress parsed = new InternetAddress(value, true);
      return !parsed.isGroup() && parsed.getPersonal() == null && value.equals(parsed.getAddress());
    } catch (AddressException e) {
      return false;
    }
  }

  /** A domain a user name can be mailed at: {@code example.com}, not {@code @example.com}. */
  public static boolean isDomain(String value) {
    return isAddress("postmaster@" + value);
  }
}
