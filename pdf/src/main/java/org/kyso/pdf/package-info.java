/** kyso pdf. */
package org.kyso.pdf;
