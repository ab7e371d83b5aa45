using System.Reflection;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Diagnostics;
using EventSourcedTenancy.Tenants;
using Wolverine;
using Wolverine.Postgresql;

namespace EventSourcedTenancy.Hosting;

public static class Messaging
{
    /// <summary>
    /// The events other services hear about, on their own queue: what the identity provider must act on
    /// (invitations, activation, deactivation, deletion, erasure, password and MFA resets) and tenant lifecycle.
    /// </summary>
    public static readonly IReadOnlyList<Type> IntegrationEvents =
    [
        typeof(AdminInvited), typeof(InvitationResent), typeof(InvitationAccepted), typeof(AdminCreated), typeof(UserCreated),
        typeof(RoleChanged), typeof(PromotedToOwner), typeof(AccountSetInactive), typeof(AccountReactivated),
        typeof(AccountSetDeleted), typeof(AccountRestored), typeof(AccountErased), typeof(PasswordResetRequested),
        typeof(MfaResetForced), typeof(TenantCreated), typeof(TenantDeleted), typeof(OwnershipTransferred),
    ];

    /// <summary>Every command of the domain: the records whose own static Decide function takes them.</summary>
    public static IEnumerable<Type> CommandTypes() =>
        typeof(Decision).Assembly.GetExportedTypes()
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Any(m => m.Name == "Decide" && m.GetParameters().Any(p => p.ParameterType == t)));

    /// <summary>Wolverine: handlers, the durable PostgreSQL command queue and the transactional outbox.</summary>
    public static void ConfigureMessaging(this WolverineOptions opts, ServiceSettings settings)
    {
        opts.UseRuntimeCompilation();
        opts.Policies.AutoApplyTransactions();
        opts.Policies.UseDurableLocalQueues();
        opts.Policies.UseDurableOutboxOnAllSendingEndpoints();

        // A message nobody here handles is kept, with its reason, rather than dropped.
        opts.UnknownMessageBehavior = UnknownMessageBehavior.DeadLetterQueue;

        opts.ListenToPostgresqlQueue(settings.CommandQueue)
            .PollingInterval(settings.QueuePollingInterval)
            .MaximumMessagesToReceive(settings.QueueBatchSize);

        opts.Publish(rule =>
        {
            rule.Message<PingBus>();
            foreach (var command in CommandTypes())
            {
                rule.Message(command);
            }

            rule.ToPostgresqlQueue(settings.CommandQueue);
        });

        opts.Publish(rule =>
        {
            foreach (var integrationEvent in IntegrationEvents)
            {
                rule.Message(integrationEvent);
            }

            rule.ToPostgresqlQueue(settings.IntegrationQueue);
        });
    }
}
