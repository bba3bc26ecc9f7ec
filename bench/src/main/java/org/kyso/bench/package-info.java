/** kyso bench. */
package org.kyso.bench;
