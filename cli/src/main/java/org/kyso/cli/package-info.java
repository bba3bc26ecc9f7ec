/** kyso cli. */
package org.kyso.cli;
