package org.kyso.token.pkcs11;

import java.util.Objects;

/**
 * What a PKCS#11 token says about itself. Contains no secret.
 *
 * @param label the token label (what {@code token=} in a PKCS#11 URI selects)
 * @param serial the serial number
 * @param manufacturer the manufacturer id
 * @param model the model
 * @param loginRequired true when keys can be used only after a PIN login
 * @param protectedAuthenticationPath true when the PIN is entered on the device (PIN pad), not given by kyso
 * @param pinCountLow true when a wrong PIN was entered since the last successful login
 * @param pinFinalTry true when one more wrong PIN will lock the token
 * @param pinLocked true when the user PIN is locked
 */
public record Pkcs11TokenInfo(String label, String serial, String manufacturer, String model, boolean loginRequired,
    boolean protectedAuthenticationPath, boolean pinCountLow, boolean pinFinalTry, boolean pinLocked) {
  public Pkcs11TokenInfo {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(model, "model");
  }
}
