package io.redress.cli;

import io.redress.config.RedressConfig;
import io.redress.remediation.CatalogueDocs;
import io.redress.remediation.RemediationCatalogue;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "catalogue", mixinStandardHelpOptions = true,
    description = {
        "Lists the registered remediations, or prints the least-privilege IAM policies they need.",
        "The policies are the remediator role's (the executor's identity, or the role it assumes in each account)"
            + " and, when aws.accounts names roles, the executor's own policy to assume them."})
final class CatalogueCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Option(names = "--iam-policy", description = "Print the IAM policies instead of the table.")
  boolean iamPolicy;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    RemediationCatalogue catalogue = RemediationCatalogue.discover();
    if (!iamPolicy) {
      out.print(CatalogueDocs.markdownTable(catalogue));
      out.flush();
      return 0;
    }
    RedressConfig loaded = config.load();
    out.println("# Policy of the remediator role (attach in every account Redress acts in):");
    out.println(CatalogueDocs.remediatorPolicy(catalogue));
    CatalogueDocs.executorAssumeRolePolicy(loaded.aws()).ifPresent(policy -> {
      out.println("# Policy of the executor's own identity (to assume the roles in aws.accounts):");
      out.println(policy);
    });
    return 0;
  }
}
