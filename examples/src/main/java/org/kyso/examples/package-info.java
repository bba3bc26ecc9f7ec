/** kyso examples. */
package org.kyso.examples;
