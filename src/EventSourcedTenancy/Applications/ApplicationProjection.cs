using EventSourcedTenancy.Commands;

namespace EventSourcedTenancy.Applications;

/// <summary>The application document, updated in the same transaction as the application's events.</summary>
public sealed class ApplicationProjection() : FoldProjection<Application>(Application.EventTypes, Application.Fold);
