package org.kyso.pdf.internal.fast;

/**
 * The last cross-reference section of a PDF, read from the bytes themselves: the {@code startxref} offset at the
 * end of the file, and whether it points at a cross-reference stream (else a classic {@code xref} table). An
 * incremental update chains to it with {@code /Prev}, so it must be exactly right.
 */
record StartXref(long offset, boolean stream) {}
