using EventSourcedTenancy.Accounts;
using EventSourcedTenancy.Commands;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EventSourcedTenancy.Users;

/// <summary>
/// Builds <see cref="UserView"/> inline from the account stream with the domain's own fold; times come
/// from the events, so a rebuild gives the same rows.
/// </summary>
public sealed class UserViewProjection : SingleStreamProjection<UserView, Guid>
{
    public UserViewProjection()
    {
        foreach (var type in Account.EventTypes)
        {
            IncludeType(type);
        }
    }

    public override UserView? Evolve(UserView? snapshot, Guid id, IEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var account = Account.Fold(snapshot?.Account, e.Data);
        var at = EventTime.Stored(e.Timestamp);
        return UserView.From(account, snapshot?.CreatedAt ?? at, at, e.Version);
    }
}
