/** kyso registers. */
package org.kyso.registers;
