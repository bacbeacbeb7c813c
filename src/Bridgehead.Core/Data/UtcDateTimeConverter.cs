using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Bridgehead.Data;

/// <summary>Stores times as UTC and reads them back marked as UTC.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
