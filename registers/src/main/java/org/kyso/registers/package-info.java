/**
 * Registers of outgoing and incoming official documents (Decree 30/2020/ND-CP, Articles 15–25, Appendix IV
 * and VI): gap-free numbering per year and series, a hash-chained append-only journal anchored by RFC 3161
 * timestamps, accent-insensitive search, CSV and PDF export, on SQLite or PostgreSQL.
 *
 * <p>Start with {@link org.kyso.registers.Registers}.
 */
package org.kyso.registers;
