using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Authorization;
using EventSourcedTenancy.Commands;
using EventSourcedTenancy.Tenants;
using V1 = EventSourcedTenancy.Integration.V1;

namespace EventSourcedTenancy.Domain.Tests.Integration;

public class the_integration_contract
{
    private static readonly Guid Account = Guid.NewGuid();
    private static readonly Guid Tenant = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();
    private static readonly DateTimeOffset Expiry = new(2026, 12, 8, 9, 30, 0, TimeSpan.Zero);

    /// <summary>One stored event of every published type, with every optional field set.</summary>
    public static readonly IReadOnlyList<object> StoredEvents =
    [
        new AdminInvited(Account, Tenant, "ada@example.com", "Ada", "Lovelace", RoleRef.Custom(Other), Guid.NewGuid(), SystemRole.WorkspaceAdmin, Expiry),
        new InvitationResent(Account, Expiry),
        new InvitationAccepted(Account),
        new AdminCreated(Account, Tenant, "ada@example.com", "Ada", "Lovelace", RoleRef.Of(SystemRole.Owner)),
        new UserCreated(Account, Tenant, "ada@example.com", "Ada", "Lovelace"),
        new RoleChanged(Account, RoleRef.Of(SystemRole.Viewer), RoleRef.Custom(Other)),
        new PromotedToOwner(Account, RoleRef.Of(SystemRole.Administrator)),
        new AccountSetInactive(Account, "left the company"),
        new AccountReactivated(Account),
        new AccountSetDeleted(Account, AccountState.Inactive, "duplicate"),
        new AccountRestored(Account, AccountState.Inactive),
        new AccountErased(Account, "request of the data subject"),
        new PasswordResetRequested(Account),
        new MfaResetForced(Account),
        new TenantCreated(Tenant, Other, TenantKind.Customer, "Acme", ManagementMode.SelfManaged, Account),
        new TenantDeleted(Tenant, "contract ended"),
        new OwnershipTransferred(Tenant, Account, Other),
    ];

    private static readonly V1.EventFacts Facts = new(Guid.NewGuid(), Account, 7, 4242, Expiry.AddDays(-1), "correlation-1");

    private static readonly string[] FactFields = ["eventId", "streamId", "streamVersion", "sequence", "occurredAt", "schemaVersion", "correlationId"];

    [Fact]
    public void the_samples_cover_every_published_event_and_each_becomes_the_message_of_its_name()
    {
        StoredEvents.Select(e => e.GetType()).ShouldBe(V1.IntegrationContract.PublishedEvents, ignoreOrder: true);
        V1.IntegrationContract.Messages.Select(t => t.Name).ShouldBe(V1.IntegrationContract.PublishedEvents.Select(t => t.Name), ignoreOrder: true);
        foreach (var stored in StoredEvents)
        {
            var message = V1.IntegrationContract.Translate(stored, Facts).ShouldNotBeNull();
            message.GetType().Name.ShouldBe(stored.GetType().Name);
            message.GetType().Namespace.ShouldBe("EventSourcedTenancy.Integration.V1");
        }
    }

    [Fact]
    public void an_event_that_is_not_published_becomes_no_message()
    {
        V1.IntegrationContract.Translate(new WorkspaceCreated(Tenant, Guid.NewGuid(), "Retail"), Facts).ShouldBeNull();
        V1.IntegrationContract.Translate(new ReadWhileImpersonating(Account, Other, "GET /tenants"), Facts).ShouldBeNull();
    }

    [Fact]
    public void every_message_carries_the_stored_events_facts_and_the_schema_version()
    {
        foreach (var stored in StoredEvents)
        {
            var message = V1.IntegrationContract.Translate(stored, Facts).ShouldNotBeNull();
            message.EventId.ShouldBe(Facts.EventId);
            message.StreamId.ShouldBe(Facts.StreamId);
            message.StreamVersion.ShouldBe(Facts.StreamVersion);
            message.Sequence.ShouldBe(Facts.Sequence);
            message.OccurredAt.ShouldBe(Facts.OccurredAt);
            message.CorrelationId.ShouldBe(Facts.CorrelationId);
            message.SchemaVersion.ShouldBe(1);
        }
    }

    /// <summary>
    /// Field by field on the wire: every field of the stored event is in the message with the same value, a role
    /// split into its system role's name and its custom role id; nothing else is (no computed field such as isOwner),
    /// and enums are names.
    /// </summary>
    [Fact]
    public void every_message_carries_the_stored_events_fields_and_nothing_computed()
    {
        foreach (var stored in StoredEvents)
        {
            var message = V1.IntegrationContract.Translate(stored, Facts).ShouldNotBeNull();
            var wire = JsonSerializer.SerializeToNode(message, message.GetType(), CommandJson.Options).ShouldNotBeNull().AsObject();
            var source = JsonSerializer.SerializeToNode(stored, stored.GetType(), CommandJson.Options).ShouldNotBeNull().AsObject();
            var expected = new Dictionary<string, JsonNode?>();
            foreach (var (name, value) in source)
            {
                if (value is JsonObject role && role.ContainsKey("customRoleId"))
                {
                    expected[name == "role" ? "role" : $"{name}Role"] = role["role"]?.DeepClone();
                    expected[name == "role" ? "customRoleId" : $"{name}CustomRoleId"] = role["customRoleId"]?.DeepClone();
                }
                else
                {
                    expected[name] = value?.DeepClone();
                }
            }

            var fields = wire.Where(f => !FactFields.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value);
            fields.Keys.ShouldBe(expected.Keys, ignoreOrder: true, stored.GetType().Name);
            foreach (var (name, value) in expected)
            {
                JsonNode.DeepEquals(fields[name], value).ShouldBeTrue($"{stored.GetType().Name}.{name}: {fields[name]?.ToJsonString()} is not {value?.ToJsonString()}");
            }

            wire.Select(f => f.Key).Where(FactFields.Contains).ShouldBe(FactFields, ignoreOrder: true);
            wire.Where(f => f.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && !FactFields.Contains(f.Key))
                .ShouldBeEmpty($"{stored.GetType().Name}: enums travel as names");
        }
    }

    [Fact]
    public void a_message_reads_back_strictly_as_the_same_message()
    {
        foreach (var stored in StoredEvents)
        {
            var message = V1.IntegrationContract.Translate(stored, Facts).ShouldNotBeNull();
            var json = JsonSerializer.Serialize(message, message.GetType(), CommandJson.Options);
            JsonSerializer.Deserialize(json, message.GetType(), CommandJson.Options).ShouldBe(message);
        }
    }
}
