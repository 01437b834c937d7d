package io.redress.http.console;

import io.javalin.http.HttpStatus;
import io.redress.http.console.ConsoleRoutes.Refusal;
import io.redress.operations.Printable;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One page of a long list, as a table shows it. The held and approval lists are longest exactly when the breaker
 * has stopped a flood, when a page of every row (a form per command) would run to megabytes; so they are shown
 * {@value #SIZE} rows at a time, in the order they came.
 *
 * @param rows this page's rows
 * @param number this page's number, from 1
 * @param pages how many pages the list fills (1 for an empty list)
 * @param first the position of this page's first row in the list, from 1 (0 for an empty list)
 * @param last the position of its last row
 * @param total how many rows the list holds
 */
public record Paged<T>(List<T> rows, int number, int pages, int first, int last, int total) {

  static final int SIZE = 100;
  private static final Pattern PAGE_NUMBER = Pattern.compile("[1-9][0-9]{0,8}");

  /**
   * The page numbered {@code requested} of {@code all}, its rows made by {@code row} (only this page's). A number past
   * the end gives the last page: commands decided since a link was made shorten the list under it.
   */
  static <S, T> Paged<T> of(List<S> all, int requested, Function<S, T> row) {
    int pages = Math.max(1, (all.size() + SIZE - 1) / SIZE);
    int number = Math.min(requested, pages);
    int from = (number - 1) * SIZE;
    int to = Math.min(all.size(), from + SIZE);
    return new Paged<>(all.subList(from, to).stream().map(row).toList(), number, pages,
        all.isEmpty() ? 0 : from + 1, to, all.size());
  }

  /**
   * The page a request asks for: its {@code page} parameter, 1 when it has none.
   *
   * @throws Refusal (400) when the parameter is not a page number
   */
  static int requested(String parameter) {
    if (parameter == null || parameter.isEmpty()) {
      return 1;
    }
    if (!PAGE_NUMBER.matcher(parameter).matches()) {
      throw new Refusal(HttpStatus.BAD_REQUEST, "page: '" + Printable.cut(parameter, 40)
          + "' is not a page number; pages are numbered from 1.");
    }
    return Integer.parseInt(parameter);
  }
}
