/** kyso xml. */
package org.kyso.xml;
