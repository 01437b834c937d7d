package io.redress.http.console;

import freemarker.cache.ClassTemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.ext.beans.ZeroArgumentNonVoidMethodPolicy;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Renders the console's pages from the FreeMarker templates under {@code /console} on the class path. Every
 * template is HTML with auto-escaping ({@code .ftlh}), so a value is always text, never markup; a value that looks
 * like template syntax is printed as it is, never evaluated (FreeMarker evaluates templates, not data). Templates
 * may not create Java objects or reach the Java API.
 */
final class ConsolePages {

  private final Configuration freemarker;

  ConsolePages() {
    freemarker = new Configuration(Configuration.VERSION_2_3_34);
    freemarker.setTemplateLoader(new ClassTemplateLoader(ConsolePages.class, "/console"));
    freemarker.setDefaultEncoding("UTF-8");
    freemarker.setOutputFormat(HTMLOutputFormat.INSTANCE);
    freemarker.setRecognizeStandardFileExtensions(true);
    freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    freemarker.setLogTemplateExceptions(false);
    freemarker.setWrapUncheckedExceptions(true);
    freemarker.setLocalizedLookup(false);
    freemarker.setNumberFormat("computer");
    freemarker.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    freemarker.setAPIBuiltinEnabled(false);
    DefaultObjectWrapperBuilder wrapper = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
    // The rows are records: their components read as properties (row.commandId), nothing else of them is exposed.
    wrapper.setRecordZeroArgumentNonVoidMethodPolicy(ZeroArgumentNonVoidMethodPolicy.BOTH_METHOD_AND_PROPERTY_UNLESS_BEAN_PROPERTY_READ_METHOD);
    freemarker.setObjectWrapper(wrapper.build());
  }

  /** @param page the template's name without {@code .ftlh} */
  String render(String page, Map<String, Object> model) {
    StringWriter html = new StringWriter();
    try {
      freemarker.getTemplate(page + ".ftlh").process(model, html);
    } catch (IOException e) {
      throw new UncheckedIOException("console page " + page + " is missing or unreadable", e);
    } catch (TemplateException e) {
      throw new IllegalStateException("console page " + page + " failed to render: " + e.getMessage(), e);
    }
    return html.toString();
  }
}
