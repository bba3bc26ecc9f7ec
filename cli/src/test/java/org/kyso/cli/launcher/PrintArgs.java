package org.kyso.cli.launcher;

/** The program of the launcher tests' small jar: prints its arguments (and serves as its own training run). */
public final class PrintArgs {
  private PrintArgs() {}

  public static void main(String[] args) {
    System.out.println("args:" + String.join(",", args));
  }
}
