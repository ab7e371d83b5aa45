using System.Text.Json;
using System.Text.Json.Nodes;
using Wolverine;
using Wolverine.Runtime.Serialization;

namespace EventSourcedTenancy.Commands;

/// <summary>
/// A command on the bus whose body could not be read with the strict contract (<see cref="CommandJson"/>):
/// it reaches <see cref="UnreadableCommandHandler"/> in place of the command, so the sender gets a typed
/// rejection naming the field and what is allowed, rather than no reply.
/// </summary>
/// <param name="MessageType">The command the sender named.</param>
/// <param name="Problem">What is wrong with the body.</param>
public sealed record UnreadableCommand(string? MessageType, Rejection Problem);

/// <summary>The command queue's serializer: the strict contract, with an unreadable body turned into an <see cref="UnreadableCommand"/>.</summary>
public sealed class CommandBodySerializer(IMessageSerializer inner) : IMessageSerializer
{
    public string ContentType => inner.ContentType;

    public byte[] Write(Envelope envelope) => inner.Write(envelope);

    public object ReadFromData(Type messageType, Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        ArgumentNullException.ThrowIfNull(envelope);
        try
        {
            return inner.ReadFromData(messageType, envelope)
                ?? new UnreadableCommand(envelope.MessageType, Rejection.Invalid(Rules.RejectionCodes.InvalidBody,
                    "The message body is JSON null; send one JSON object with the command's fields."));
        }
        catch (JsonException e)
        {
            return new UnreadableCommand(envelope.MessageType, CommandJson.Describe(e, messageType, Parsed(envelope.Data)));
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException or FormatException)
        {
            return new UnreadableCommand(envelope.MessageType, Rejection.Invalid(Rules.RejectionCodes.InvalidBody,
                "The message body does not fit the command; send one JSON object with the command's fields, each once."));
        }
    }

    public object ReadFromData(byte[] data) => inner.ReadFromData(data);

    public byte[] WriteMessage(object message) => inner.WriteMessage(message);

    private static JsonNode? Parsed(byte[]? data)
    {
        try
        {
            return data is null ? null : JsonNode.Parse(data, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Replies to an unreadable command with its rejection; nothing is read or written.</summary>
public static partial class UnreadableCommandHandler
{
    public static CommandOutcome Handle(UnreadableCommand command, Envelope envelope, ILogger<UnreadableCommand> logger)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(envelope);
        LogUnreadable(logger, command.MessageType, envelope.Id, command.Problem.Code);
        return CommandOutcome.Reject(command.Problem);
    }

    // The code only: the detail may quote what the sender put in the body.
    [LoggerMessage(LogLevel.Warning, "A {MessageType} message ({MessageId}) could not be read and was refused: {Code}")]
    private static partial void LogUnreadable(ILogger logger, string? messageType, Guid messageId, string code);
}
