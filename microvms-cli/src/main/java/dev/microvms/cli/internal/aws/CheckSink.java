package dev.microvms.cli.internal.aws;

/** Where a check reports its outcome. */
@FunctionalInterface
interface CheckSink {
    /**
     * @param status OK, WARN or FAIL
     * @param name what was checked
     * @param detail what was found, and how to fix it
     */
    void add(String status, String name, String detail);
}
