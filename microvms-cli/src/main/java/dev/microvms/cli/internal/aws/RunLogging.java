package dev.microvms.cli.internal.aws;

import dev.microvms.cli.internal.UsageException;
import dev.microvms.model.Logging;
import dev.microvms.project.ProjectFile;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The execution role and logging of a RunMicrovm: {@code --execution-role-arn}, else microvm.yml's {@code
 * run.executionRoleArn}, else bootstrap's execution role; the log group {@code run.logging.logGroup}, else,
 * with bootstrap's role (which may write there), {@code /lambda-microvms/<image name>}. {@code run.logging:
 * {enabled: false}} turns logging off.
 *
 * @param executionRoleArn the role, or null for none
 * @param logging the logging, or null for none
 */
public record RunLogging(@Nullable String executionRoleArn, @Nullable Logging logging) {

    /**
     * @param roleOption {@code --execution-role-arn}, or null
     * @param run microvm.yml's run section, or null outside a project
     * @param imageName the image's name
     * @param recorded what bootstrap recorded, asked only when needed (it may call STS)
     * @return the role and logging to run with
     */
    public static RunLogging resolve(
            @Nullable String roleOption,
            ProjectFile.@Nullable RunSettings run,
            String imageName,
            Supplier<@Nullable AccountRecord> recorded) {
        ProjectFile.LogSettings settings = run == null ? null : run.logging();
        boolean off = settings != null && !settings.on();
        String role = roleOption != null ? roleOption : run == null ? null : run.executionRoleArn();
        String group = settings == null ? null : settings.logGroup();
        if (role == null && !off) {
            AccountRecord record = recorded.get();
            if (record != null) {
                role = record.executionRoleArn();
                group = group != null ? group : record.logGroup(imageName);
            }
        }
        if (off || group == null) {
            return new RunLogging(role, null);
        }
        if (role == null) {
            throw new UsageException("run.logging.logGroup is " + group + " but there is no execution role to write"
                    + " it with; set run.executionRoleArn in microvm.yml, give --execution-role-arn, or run"
                    + " 'lambda-microvms bootstrap' to make one.");
        }
        return new RunLogging(role, Logging.cloudWatch(group, settings == null ? null : settings.logStream()));
    }
}
