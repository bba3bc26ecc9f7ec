/** kyso token-drivers. */
package org.kyso.token;
