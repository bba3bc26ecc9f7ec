package org.kyso.registers;

import java.util.List;

/**
 * One page of results.
 *
 * @param items the entries on this page
 * @param page the page number, from 1
 * @param pageSize the page size asked for
 * @param hasNext whether another page follows
 */
public record Page<T>(List<T> items, int page, int pageSize, boolean hasNext) {
  public Page {
    items = List.copyOf(items);
  }
}
