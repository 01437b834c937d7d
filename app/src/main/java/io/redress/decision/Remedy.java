package io.redress.decision;

/**
 * What the policy needs to know of a registered remediation: its name, carried on the command, and what it
 * changes, in words for the decision's reason. The executable action stays with the executors.
 */
public record Remedy(String action, String summary) {
}
