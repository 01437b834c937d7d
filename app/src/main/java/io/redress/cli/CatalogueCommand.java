package io.redress.cli;

import io.redress.config.RedressConfig;
import io.redress.remediation.CatalogueDocs;
import io.redress.remediation.RemediationCatalogue;
import io.redress.remediation.ResourceTag;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

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

  @Option(names = "--resource-tag", paramLabel = "KEY=VALUE", converter = ResourceTagConverter.class,
      description = {"With --iam-policy: limit the remediator to resources carrying this tag (aws:ResourceTag"
          + " conditions). Permissions no tag can limit stay in one unconditioned statement; the README lists them."})
  ResourceTag resourceTag;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    RemediationCatalogue catalogue = RemediationCatalogue.discover();
    if (resourceTag != null && !iamPolicy) {
      throw new ParameterException(spec.commandLine(), "--resource-tag limits the IAM policy: give it with --iam-policy");
    }
    if (!iamPolicy) {
      out.print(CatalogueDocs.markdownTable(catalogue));
      out.flush();
      return 0;
    }
    RedressConfig loaded = config.load();
    if (resourceTag == null) {
      out.println("# Policy of the remediator role (attach in every account Redress acts in):");
      out.println(CatalogueDocs.remediatorPolicy(catalogue));
    } else {
      out.println("# Policy of the remediator role, limited to resources tagged " + resourceTag
          + " where AWS allows (attach in every account Redress acts in):");
      out.println(CatalogueDocs.remediatorPolicy(catalogue, resourceTag));
    }
    CatalogueDocs.executorAssumeRolePolicy(loaded.aws()).ifPresent(policy -> {
      out.println("# Policy of the executor's own identity (to assume the roles in aws.accounts):");
      out.println(policy);
    });
    return 0;
  }

  static final class ResourceTagConverter implements ITypeConverter<ResourceTag> {
    @Override
    public ResourceTag convert(String value) {
      try {
        return ResourceTag.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
