using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using SimdOpt.Averaging;
using SimdOpt.Catalog;
using SimdOpt.Optimizers;
using SimdOpt.Parameters;
using SimdOpt.Schedules;

namespace SimdOpt.State;

/// <summary>
/// Saves and restores an optimizer's complete state (and optionally the parameters) in SimdOpt's
/// versioned, checksummed binary checkpoint format.
/// </summary>
/// <remarks>
/// <para>File layout (all integers little-endian):</para>
/// <code>
/// offset      size   content
/// 0           8      magic: ASCII "SOPTCKPT"
/// 8           4      uint32 format version = 1
/// 12          4      uint32 header length H, 2 &lt;= H &lt;= 16 MiB
/// 16          H      header: UTF-8 JSON object (below)
/// 16+H        8      uint64 XxHash64 (seed 0) of bytes [0, 16+H)
/// 24+H        D      the blocks: L float32 values of the parameters first (if has_parameters), then each
///                    state buffer in "states" order as it is stored: L float32 values, or with
///                    state_precision "BFloat16" in the options, L bfloat16 bit patterns (uint16), or
///                    with "Blockwise8Bit", L codes (uint8; those of tensors kept in float32 unused),
///                    one float32 scale per piece in buffer order, then the float32 state of the
///                    tensors kept in float32 in buffer order (Precision.ReducedState writes them);
///                    L is the layout's total length; then, if the header has <c>average</c>, the
///                    weight average's L float32 values; then, if it has <c>lookahead</c>, the slow
///                    weights' L float32 values
/// 24+H+D      8      uint64 XxHash64 (seed 0) of the blocks
/// </code>
/// <para>
/// Header keys (snake_case): <c>kind</c> (the optimizer's type name), <c>options</c> (the options record,
/// property names in snake_case), <c>groups</c> (array of <c>name</c>, <c>learning_rate_scale</c>,
/// <c>options</c>, <c>tensors</c>: the names of the tensors the group owns), <c>layout</c> (array of
/// <c>name</c>, <c>shape</c>), <c>states</c> (state names in slot order), <c>has_parameters</c>,
/// <c>step_count</c>, <c>learning_rate</c>, <c>counter</c> (the caller's own counter),
/// <c>non_finite_gradients</c> (informational; not checked on load) and <c>scalar_state</c> (an object of each
/// scalar state's name and exact value, written in <see cref="Optimizer.ScalarStateNames"/> order and read in any order; absent when the rule has none). An options key added after a file was
/// written (<c>flush_subnormals</c>) may be missing from it and then reads as its default (false).
/// </para>
/// <para>
/// Two optional keys carry a training loop's companions when they are saved with the optimizer: <c>average</c>
/// (a <see cref="WeightAverage"/>: <c>equal_weight</c>, <c>decay</c>, <c>warm_up</c>, <c>count</c>; its buffer is
/// the last block) and <c>plateau</c> (a <see cref="ReduceLearningRateOnPlateau"/>: its settings <c>mode</c>,
/// <c>factor</c>, <c>patience</c>, <c>threshold</c>, <c>threshold_mode</c>, <c>cooldown</c>,
/// <c>min_learning_rate</c>, <c>eps</c> and its <see cref="PlateauState"/> <c>learning_rate</c>, <c>best</c>,
/// <c>bad_epochs</c>, <c>cooldown_counter</c>, <c>epochs</c>; <c>best</c> is the string <c>"Infinity"</c> or
/// <c>"-Infinity"</c> before the first improvement). Numbers are written in their shortest round-trip form, so
/// every bit survives. A third, <c>lookahead</c> (a <see cref="Lookahead"/> around the optimizer: <c>sync_period</c>,
/// <c>alpha</c>), puts its slow weights in the last block. Files without them (every file written before they existed)
/// load as before.
/// </para>
/// <para>
/// Loading checks, in order and before it changes anything: magic, version, header length against
/// the stream, header checksum, header JSON and its schema, the kind, layout, state names, options and
/// groups (and the average's and plateau scheduler's settings, when targets for them are given) against the target
/// (a <see cref="StateFileMismatchException"/> lists the differences), the saved plateau state against the target
/// scheduler's ranges, the
/// data length against the stream, then reads every block into a staging copy and checks the data
/// checksum. Only then does it copy into the target. Every other failure is a
/// <see cref="StateFileFormatException"/>. The staging copy is as large as the target's own state,
/// never larger, whatever the file claims.
/// </para>
/// <para>
/// A learning-rate schedule's position is the optimizer's <see cref="Optimizer.StepCount"/>, which is
/// restored; anything else a training loop counts (an epoch, a schedule restart) goes in <c>counter</c>.
/// </para>
/// </remarks>
public static class Checkpoint
{
    /// <summary>The 8 magic bytes at the start of every checkpoint: ASCII <c>SOPTCKPT</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "SOPTCKPT"u8;

    /// <summary>The format version this library writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The largest header this library reads: 16 MiB.</summary>
    public const int MaxHeaderLength = 16 << 20;

    private const int PrefixLength = 16;

    /// <summary>Options keys that files written before they existed lack, with the JSON of the value such a file means.</summary>
    private static readonly Dictionary<string, string> LaterOptionDefaults = new() { ["flush_subnormals"] = "false" };

    /// <summary>
    /// Writes a checkpoint of <paramref name="optimizer"/> (and of <paramref name="parameters"/>, when given) to
    /// <paramref name="stream"/> at its current position. Does not flush or close the stream.
    /// </summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="optimizer">The optimizer whose state, step count, learning rate and hyperparameters are saved.</param>
    /// <param name="parameters">The parameters to save with it, or null to save the optimizer alone.</param>
    /// <param name="counter">Any counter of the caller's to save with it (an epoch, a schedule position); returned by <see cref="Load(Stream, Optimizer, ParameterBuffer?, WeightAverage?, ReduceLearningRateOnPlateau?, Lookahead?)"/>.</param>
    /// <param name="average">A weight average of the parameters to save with it (its buffer, settings and update count), or null.</param>
    /// <param name="plateau">A plateau scheduler to save with it (its settings and state), or null.</param>
    /// <param name="lookahead">A Lookahead whose inner optimizer is <paramref name="optimizer"/>, to save with it (its settings and slow weights), or null.</param>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> or <paramref name="average"/> has a layout other than the optimizer's, or <paramref name="lookahead"/> wraps another optimizer.</exception>
    /// <exception cref="NotSupportedException">The optimizer's options type is not one this library knows how to store.</exception>
    public static void Save(Stream stream, Optimizer optimizer, ParameterBuffer? parameters = null, long counter = 0, WeightAverage? average = null, ReduceLearningRateOnPlateau? plateau = null, Lookahead? lookahead = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(optimizer);
        var companions = new Companions(average, plateau, lookahead);
        CheckParameters(optimizer, parameters, average, lookahead);
        optimizer.Exclusively("Checkpoint.Save", o => Write(stream, o, parameters, counter, companions));
    }

    /// <summary>The training loop's companions saved or restored with the optimizer (each optional).</summary>
    private readonly record struct Companions(WeightAverage? Average, ReduceLearningRateOnPlateau? Plateau, Lookahead? Lookahead);

    private static void Write(Stream stream, Optimizer optimizer, ParameterBuffer? parameters, long counter, Companions companions)
    {
        var header = WriteHeader(optimizer, parameters is not null, counter, companions);

        var prefix = new byte[PrefixLength + header.Length + sizeof(ulong)];
        Magic.CopyTo(prefix);
        BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(prefix.AsSpan(12), (uint)header.Length);
        header.CopyTo(prefix.AsSpan(PrefixLength));
        var headerEnd = PrefixLength + header.Length;
        BinaryPrimitives.WriteUInt64LittleEndian(prefix.AsSpan(headerEnd), XxHash64.HashToUInt64(prefix.AsSpan(0, headerEnd)));
        stream.Write(prefix);

        var hash = new XxHash64();
        if (parameters is not null)
        {
            StateIO.WriteFloats(stream, parameters.Span, hash);
        }

        for (var slot = 0; slot < optimizer.StateNames.Count; slot++)
        {
            StateBlocks.Write(optimizer, slot, stream, hash);
        }

        if (companions.Average is not null)
        {
            StateIO.WriteFloats(stream, companions.Average.Average.Span, hash);
        }

        if (companions.Lookahead is not null)
        {
            StateIO.WriteFloats(stream, companions.Lookahead.SlowWeights.Span, hash);
        }

        Span<byte> checksum = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(checksum, hash.GetCurrentHashAsUInt64());
        stream.Write(checksum);
    }

    /// <summary>
    /// Writes a checkpoint to <paramref name="path"/> atomically: into a new temporary file in the same folder,
    /// flushed to the storage device, then renamed over <paramref name="path"/>. A crash at any moment leaves
    /// either the previous file or the complete new one.
    /// </summary>
    /// <param name="path">The checkpoint file; replaced if it exists.</param>
    /// <param name="optimizer">The optimizer whose state, step count, learning rate and hyperparameters are saved.</param>
    /// <param name="parameters">The parameters to save with it, or null to save the optimizer alone.</param>
    /// <param name="counter">Any counter of the caller's to save with it (an epoch, a schedule position).</param>
    /// <param name="average">A weight average of the parameters to save with it (its buffer, settings and update count), or null.</param>
    /// <param name="plateau">A plateau scheduler to save with it (its settings and state), or null.</param>
    /// <param name="lookahead">A Lookahead whose inner optimizer is <paramref name="optimizer"/>, to save with it (its settings and slow weights), or null.</param>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> or <paramref name="average"/> has a layout other than the optimizer's, or <paramref name="lookahead"/> wraps another optimizer.</exception>
    /// <exception cref="IOException">The file system refused the write or the rename.</exception>
    public static void Save(string path, Optimizer optimizer, ParameterBuffer? parameters = null, long counter = 0, WeightAverage? average = null, ReduceLearningRateOnPlateau? plateau = null, Lookahead? lookahead = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        CheckParameters(optimizer, parameters, average, lookahead);
        for (var set = 0; set < optimizer.OptionSetCount; set++)
        {
            StorableRule(optimizer.OptionSet(set).Options);
        }

        StateIO.WriteAtomically(path, stream => Save(stream, optimizer, parameters, counter, average, plateau, lookahead));
    }

    /// <summary>
    /// Restores <paramref name="optimizer"/>'s state buffers, step count and learning rate (and
    /// <paramref name="parameters"/>, when given) from a checkpoint read from <paramref name="stream"/>'s
    /// current position. Validates the whole file first; on any failure nothing changes.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the checkpoint; left just after it on success.</param>
    /// <param name="optimizer">An optimizer of the same kind, layout, options and groups as the saved one.</param>
    /// <param name="parameters">A buffer to receive the saved parameters, or null to restore the optimizer alone (saved parameters are then checked but not used).</param>
    /// <param name="average">A weight average (of the same settings) to receive the saved one, or null (a saved average is then checked but not used).</param>
    /// <param name="plateau">A plateau scheduler (of the same settings) to receive the saved state, or null (a saved state is then ignored).</param>
    /// <param name="lookahead">A Lookahead (of the same settings) around <paramref name="optimizer"/> to receive the saved slow weights, or null (saved slow weights are then checked but not used).</param>
    /// <returns>The kind, step count, learning rate and counter restored.</returns>
    /// <exception cref="StateFileFormatException">The bytes are not a valid checkpoint (the message says which check failed).</exception>
    /// <exception cref="StateFileMismatchException">The checkpoint is valid but belongs to another kind, layout, options or groups, or holds no parameters, average or plateau state although a target for it was given, or one of another setting.</exception>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> or <paramref name="average"/> has a layout other than the optimizer's, or <paramref name="lookahead"/> wraps another optimizer.</exception>
    public static CheckpointInfo Load(Stream stream, Optimizer optimizer, ParameterBuffer? parameters = null, WeightAverage? average = null, ReduceLearningRateOnPlateau? plateau = null, Lookahead? lookahead = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(optimizer);
        var companions = new Companions(average, plateau, lookahead);
        CheckParameters(optimizer, parameters, average, lookahead);
        return Read(stream, optimizer, parameters, companions, exactLength: false);
    }

    /// <summary>
    /// Restores from the checkpoint file at <paramref name="path"/>, which must hold exactly one checkpoint
    /// and nothing after it. Validates the whole file first; on any failure nothing changes.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="optimizer">An optimizer of the same kind, layout, options and groups as the saved one.</param>
    /// <param name="parameters">A buffer to receive the saved parameters, or null to restore the optimizer alone.</param>
    /// <param name="average">A weight average (of the same settings) to receive the saved one, or null.</param>
    /// <param name="plateau">A plateau scheduler (of the same settings) to receive the saved state, or null.</param>
    /// <param name="lookahead">A Lookahead (of the same settings) around <paramref name="optimizer"/> to receive the saved slow weights, or null.</param>
    /// <returns>The kind, step count, learning rate and counter restored.</returns>
    /// <exception cref="StateFileFormatException">The file is not a valid checkpoint, or has bytes after it.</exception>
    /// <exception cref="StateFileMismatchException">The checkpoint is valid but does not fit the target.</exception>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> or <paramref name="average"/> has a layout other than the optimizer's, or <paramref name="lookahead"/> wraps another optimizer.</exception>
    /// <exception cref="IOException">The file cannot be opened or read (other than the two above, which are also <see cref="IOException"/>s).</exception>
    public static CheckpointInfo Load(string path, Optimizer optimizer, ParameterBuffer? parameters = null, WeightAverage? average = null, ReduceLearningRateOnPlateau? plateau = null, Lookahead? lookahead = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var companions = new Companions(average, plateau, lookahead);
        CheckParameters(optimizer, parameters, average, lookahead);
        using var stream = StateIO.OpenRead(path);
        return Read(stream, optimizer, parameters, companions, exactLength: true);
    }

    private static void CheckParameters(Optimizer optimizer, ParameterBuffer? parameters, WeightAverage? average, Lookahead? lookahead)
    {
        if (parameters is not null && !optimizer.Layout.Equals(parameters.Layout))
        {
            throw new ArgumentException($"The parameter buffer's layout ({parameters.Layout}) differs from the optimizer's ({optimizer.Layout}).", nameof(parameters));
        }

        if (average is not null && !optimizer.Layout.Equals(average.Average.Layout))
        {
            throw new ArgumentException($"The weight average's layout ({average.Average.Layout}) differs from the optimizer's ({optimizer.Layout}).", nameof(average));
        }

        if (lookahead is not null && !ReferenceEquals(lookahead.Inner, optimizer))
        {
            throw new ArgumentException("The Lookahead wraps another optimizer than the one saved or restored.", nameof(lookahead));
        }
    }

    private static byte[] WriteHeader(Optimizer optimizer, bool hasParameters, long counter, Companions companions)
    {
        var header = new CheckpointHeader
        {
            Kind = optimizer.GetType().Name,
            Options = OptionsElement(optimizer.OptionSet(0).Options),
            Groups = [.. Enumerable.Range(1, optimizer.OptionSetCount - 1).Select(set => Group(optimizer, set))],
            Layout = [.. optimizer.Layout.Tensors.Select(t => new CheckpointTensor { Name = t.Name, Shape = [.. t.Shape.ToArray().Select(d => (long)d)] })],
            States = [.. optimizer.StateNames],
            HasParameters = hasParameters,
            StepCount = optimizer.StepCount,
            LearningRate = optimizer.LearningRate,
            Counter = counter,
            NonFiniteGradients = optimizer.NonFiniteGradients.ToString(),
            ScalarState = optimizer.ScalarStateNames.Count == 0
                ? null
                : new OrderedDictionary<string, double>(optimizer.ScalarStateNames.Select(name => KeyValuePair.Create(name, optimizer.ScalarState(name))), StringComparer.Ordinal),
            Average = companions.Average is null ? null : CheckpointAverage.From(companions.Average),
            Plateau = companions.Plateau is null ? null : CheckpointPlateau.From(companions.Plateau),
            Lookahead = companions.Lookahead is null ? null : CheckpointLookahead.From(companions.Lookahead),
        };
        var bytes = header.ToUtf8();
        if (bytes.Length > MaxHeaderLength)
        {
            throw new NotSupportedException($"The checkpoint header would be {bytes.Length} bytes; at most {MaxHeaderLength} are allowed.");
        }

        return bytes;
    }

    private static CheckpointGroup Group(Optimizer optimizer, int set)
    {
        var (name, options, scale) = optimizer.OptionSet(set);
        return new CheckpointGroup
        {
            Name = name!,
            LearningRateScale = scale,
            Options = OptionsElement(options),
            Tensors = [.. optimizer.Layout.Tensors.Where(t => optimizer.TensorOptionSet(t.Index) == set).Select(t => t.Name)],
        };
    }

    private static JsonElement OptionsElement(OptimizerOptions options) =>
        JsonSerializer.SerializeToElement(options, StorableRule(options).OptionsJson);

    /// <summary>The registration whose JSON metadata stores <paramref name="options"/>; checked before a file is created.</summary>
    private static RuleRegistration StorableRule(OptimizerOptions options)
    {
        try
        {
            return RuleCatalog.ForOptions(options.GetType());
        }
        catch (KeyNotFoundException e)
        {
            throw new NotSupportedException($"Options of type {options.GetType().Name} cannot be stored in a checkpoint: {e.Message}", e);
        }
    }

    private static CheckpointInfo Read(Stream stream, Optimizer optimizer, ParameterBuffer? parameters, Companions companions, bool exactLength)
    {
        var remaining = StateIO.Remaining(stream);
        Span<byte> prefix = stackalloc byte[PrefixLength];
        StateIO.ReadExactly(stream, prefix, "16-byte prefix (magic, version, header length)");
        if (!prefix[..8].SequenceEqual(Magic))
        {
            throw new StateFileFormatException($"Not a SimdOpt checkpoint: the first 8 bytes are {Convert.ToHexString(prefix[..8])}, not the magic \"SOPTCKPT\".");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
        if (version != FormatVersion)
        {
            throw new StateFileFormatException($"Unsupported checkpoint format version {version}; this library reads version {FormatVersion}.");
        }

        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[12..]);
        if (headerLength < 2 || headerLength > MaxHeaderLength)
        {
            throw new StateFileFormatException($"The header length {headerLength} is outside [2, {MaxHeaderLength}].");
        }

        if (remaining >= 0 && headerLength + (long)PrefixLength + (2 * sizeof(ulong)) > remaining)
        {
            throw new StateFileFormatException($"The file is truncated: the header claims {headerLength} bytes but the stream holds {remaining} bytes in all.");
        }

        var headerAndHash = StateIO.ReadGrowing(stream, (int)headerLength + sizeof(ulong), "header");
        var header = headerAndHash.AsMemory(0, (int)headerLength);
        var hash = new XxHash64();
        hash.Append(prefix);
        hash.Append(header.Span);
        var storedHeaderHash = BinaryPrimitives.ReadUInt64LittleEndian(headerAndHash.AsSpan((int)headerLength));
        if (hash.GetCurrentHashAsUInt64() != storedHeaderHash)
        {
            throw new StateFileFormatException($"The header checksum does not match (stored {storedHeaderHash:X16}, computed {hash.GetCurrentHashAsUInt64():X16}): the header is corrupt.");
        }

        using var document = Json.Parse(header, "checkpoint header");
        var parsed = ParseHeader(document.RootElement);
        CheckFits(parsed, optimizer, parameters, companions);

        var stateBlocksEnd = (parsed.HasParameters ? 1 : 0) + optimizer.StateNames.Count;
        var averageBlock = parsed.Average is not null ? stateBlocksEnd : -1;
        var slowBlock = parsed.Lookahead is not null ? stateBlocksEnd + (averageBlock >= 0 ? 1 : 0) : -1;
        var blocks = stateBlocksEnd + (averageBlock >= 0 ? 1 : 0) + (slowBlock >= 0 ? 1 : 0);
        var total = optimizer.Layout.TotalLength;
        var floatBlockBytes = (long)total * sizeof(float);
        var dataLength = (parsed.HasParameters ? floatBlockBytes : 0) + (optimizer.StateNames.Count * StateBlocks.Bytes(optimizer)) + ((blocks - stateBlocksEnd) * floatBlockBytes) + sizeof(ulong);
        if (remaining >= 0)
        {
            var available = remaining - PrefixLength - headerLength - sizeof(ulong);
            if (available < dataLength || (exactLength && available != dataLength))
            {
                throw new StateFileFormatException(
                    $"The file {(available < dataLength ? "is truncated" : "has trailing bytes")}: after the header it holds {available} bytes; {blocks} blocks of {total} values ({optimizer.StatePrecision} state{(blocks > stateBlocksEnd ? ", the average and slow weights in float32" : "")}) and the checksum need exactly {dataLength}.");
            }
        }

        var staging = new byte[blocks][];
        var dataHash = new XxHash64();
        for (var b = 0; b < blocks; b++)
        {
            var isParameters = parsed.HasParameters && b == 0;
            staging[b] = new byte[isParameters || b >= stateBlocksEnd ? floatBlockBytes : StateBlocks.Bytes(optimizer)];
            var what = isParameters ? "parameter block" : b == averageBlock ? "average block" : b == slowBlock ? "slow-weight block" : $"state block '{optimizer.StateNames[b - (parsed.HasParameters ? 1 : 0)]}'";
            StateIO.ReadExactly(stream, staging[b], what);
            dataHash.Append(staging[b]);
        }

        Span<byte> checksum = stackalloc byte[sizeof(ulong)];
        StateIO.ReadExactly(stream, checksum, "data checksum");
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(checksum);
        if (stored != dataHash.GetCurrentHashAsUInt64())
        {
            throw new StateFileFormatException($"The data checksum does not match (stored {stored:X16}, computed {dataHash.GetCurrentHashAsUInt64():X16}): the parameter or state blocks are corrupt.");
        }

        // Everything is checked: from here on nothing can fail but finding the optimizer in use on another thread, or
        // a scalar state value the rule rejects (restored first, and put back by RestoreScalarState when rejected).
        optimizer.Exclusively("Checkpoint.Load", o =>
        {
            RestoreScalarState(o, parsed.ScalarState);
            var first = 0;
            if (parsed.HasParameters)
            {
                if (parameters is not null)
                {
                    StateIO.ToFloats(staging[0], parameters.Span);
                }

                first = 1;
            }

            for (var slot = 0; slot < o.StateNames.Count; slot++)
            {
                StateBlocks.Restore(o, slot, staging[first + slot]);
            }

            o.Restore(parsed.StepCount, parsed.LearningRate);
            if (parsed.Average is not null && companions.Average is not null)
            {
                StateIO.ToFloats(staging[averageBlock], companions.Average.Average.Span);
                companions.Average.RestoreCount(parsed.Average.Count);
            }

            if (parsed.Plateau is not null)
            {
                companions.Plateau?.Restore(parsed.Plateau.State());
            }

            if (parsed.Lookahead is not null && companions.Lookahead is not null)
            {
                StateIO.ToFloats(staging[slowBlock], companions.Lookahead.SlowWeights.Span);
            }
        });
        return new CheckpointInfo(parsed.Kind, parsed.StepCount, parsed.LearningRate, parsed.Counter, parsed.HasParameters)
        {
            HasAverage = parsed.Average is not null,
            HasPlateau = parsed.Plateau is not null,
            HasLookahead = parsed.Lookahead is not null,
        };
    }

    /// <summary>
    /// Restores every scalar state (the names are already checked against the target); a value the rule rejects puts
    /// back the values restored so far and throws, before anything else has changed.
    /// </summary>
    private static void RestoreScalarState(Optimizer optimizer, List<(string Name, double Value)> values)
    {
        var previous = values.Select(v => optimizer.ScalarState(v.Name)).ToArray();
        for (var i = 0; i < values.Count; i++)
        {
            try
            {
                optimizer.RestoreScalarState(values[i].Name, values[i].Value);
            }
            catch (ArgumentOutOfRangeException error)
            {
                for (var k = 0; k < i; k++)
                {
                    optimizer.RestoreScalarState(values[k].Name, previous[k]);
                }

                throw new StateFileFormatException($"scalar_state.{values[i].Name} is invalid: {error.Message}");
            }
        }
    }

    private sealed record ParsedHeader(CheckpointHeader Header, List<(string Name, double Value)> ScalarState)
    {
        public string Kind => Header.Kind;

        public bool HasParameters => Header.HasParameters;

        public long StepCount => Header.StepCount;

        public double LearningRate => Header.LearningRate;

        public long Counter => Header.Counter;

        public CheckpointAverage? Average => Header.Average;

        public CheckpointPlateau? Plateau => Header.Plateau;

        public CheckpointLookahead? Lookahead => Header.Lookahead;
    }

    /// <summary>Reads the header through the strict reader, then checks what JSON types cannot say: nulls in lists, ranges, repeated names.</summary>
    private static ParsedHeader ParseHeader(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new StateFileFormatException($"The checkpoint header must be a JSON object, not {root.ValueKind}.");
        }

        var header = CheckpointHeader.Read(root);
        Json.Properties(header.Options, "options");
        for (var i = 0; i < header.Groups.Count; i++)
        {
            var where = $"groups[{i}]";
            Json.Properties(header.Groups[i].Options, where + ".options");
            NoNulls(header.Groups[i].Tensors, where + ".tensors");
        }

        var tensorNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Layout.Count; i++)
        {
            var tensor = header.Layout[i];
            if (!tensorNames.Add(tensor.Name))
            {
                throw new StateFileFormatException($"The layout names the tensor '{tensor.Name}' more than once.");
            }

            Json.CheckShape(tensor.Shape, $"layout[{i}].shape");
        }

        NoNulls(header.States, "states");
        if (header.States.Distinct(StringComparer.Ordinal).Count() != header.States.Count)
        {
            throw new StateFileFormatException($"The state names [{string.Join(", ", header.States)}] repeat a name.");
        }

        if (header.StepCount < 0 || header.StepCount > Optimizer.MaxStepCount)
        {
            throw new StateFileFormatException($"step_count ({header.StepCount}) is outside [0, {Optimizer.MaxStepCount}], the range of Optimizer.StepCount.");
        }

        if (!double.IsFinite(header.LearningRate) || header.LearningRate < 0 || !float.IsFinite((float)header.LearningRate))
        {
            throw new StateFileFormatException($"learning_rate ({header.LearningRate}) is outside {Check.NonNegativeRange}, the range of Optimizer.LearningRate.");
        }

        var scalarState = new List<(string, double)>();
        foreach (var (name, value) in header.ScalarState ?? [])
        {
            if (!double.IsFinite(value))
            {
                throw new StateFileFormatException($"scalar_state.{name} must be a finite number; got {value}.");
            }

            scalarState.Add((name, value));
        }

        header.Average?.Check();
        header.Plateau?.Check();
        header.Lookahead?.Check();
        return new ParsedHeader(header, scalarState);
    }

    private static void NoNulls(List<string> names, string what)
    {
        var index = names.IndexOf(null!);
        if (index >= 0)
        {
            throw new StateFileFormatException($"{what}[{index}] must be a string, not null.");
        }
    }

    private static void CheckFits(ParsedHeader file, Optimizer optimizer, ParameterBuffer? parameters, Companions companions)
    {
        var kind = optimizer.GetType().Name;
        if (file.Kind != kind)
        {
            throw new StateFileMismatchException($"The checkpoint is of a {file.Kind} optimizer; the target is {kind}.");
        }

        var layout = LayoutDiff.Describe(optimizer.Layout, [.. file.Header.Layout.Select(t => (t.Name, t.Shape))], checkOrder: true);
        if (layout is not null)
        {
            throw new StateFileMismatchException("The checkpoint's layout differs from the target's." + layout);
        }

        if (!file.Header.States.SequenceEqual(optimizer.StateNames, StringComparer.Ordinal))
        {
            throw new StateFileMismatchException(
                $"The checkpoint holds the states [{string.Join(", ", file.Header.States)}]; the target has [{string.Join(", ", optimizer.StateNames)}].");
        }

        // A JSON object's members have no order: the names must be the target's, in any order.
        if (file.ScalarState.Count != optimizer.ScalarStateNames.Count
            || !file.ScalarState.Select(s => s.Name).ToHashSet(StringComparer.Ordinal).SetEquals(optimizer.ScalarStateNames))
        {
            throw new StateFileMismatchException(
                $"The checkpoint holds the scalar states [{string.Join(", ", file.ScalarState.Select(s => s.Name))}]; the target has [{string.Join(", ", optimizer.ScalarStateNames)}].");
        }

        var differences = new List<string>();
        CompareOptions(file.Header.Options, optimizer.OptionSet(0).Options, "options", differences);
        var groupCount = optimizer.OptionSetCount - 1;
        if (file.Header.Groups.Count != groupCount)
        {
            differences.Add($"the checkpoint has {file.Header.Groups.Count} parameter groups [{string.Join(", ", file.Header.Groups.Select(g => g.Name))}], the target {groupCount}");
        }
        else
        {
            for (var set = 1; set <= groupCount; set++)
            {
                var (name, options, scale) = optimizer.OptionSet(set);
                var g = file.Header.Groups[set - 1];
                var where = $"group {set} ('{name}')";
                if (g.Name != name)
                {
                    differences.Add($"{where}: the checkpoint names it '{g.Name}'");
                }

                if (BitConverter.DoubleToInt64Bits(g.LearningRateScale) != BitConverter.DoubleToInt64Bits(scale))
                {
                    differences.Add($"{where}: learning_rate_scale is {g.LearningRateScale:R} in the checkpoint, {scale:R} in the target");
                }

                CompareOptions(g.Options, options, where + " options", differences);
                var tensors = optimizer.Layout.Tensors.Where(t => optimizer.TensorOptionSet(t.Index) == set).Select(t => t.Name).ToList();
                if (!g.Tensors.SequenceEqual(tensors, StringComparer.Ordinal))
                {
                    differences.Add($"{where}: owns [{string.Join(", ", g.Tensors)}] in the checkpoint, [{string.Join(", ", tensors)}] in the target");
                }
            }
        }

        if (companions.Average is not null)
        {
            file.Average?.Compare(companions.Average, differences);
        }

        if (companions.Plateau is not null)
        {
            file.Plateau?.Compare(companions.Plateau, differences);
        }

        if (companions.Lookahead is not null)
        {
            file.Lookahead?.Compare(companions.Lookahead, differences);
        }

        if (differences.Count > 0)
        {
            throw new StateFileMismatchException("The checkpoint's hyperparameters differ from the target's: " + string.Join("; ", differences) + ".");
        }

        if (parameters is not null && !file.HasParameters)
        {
            throw new StateFileMismatchException("The checkpoint holds no parameters, but a parameter buffer was given to restore them into.");
        }

        if (companions.Average is not null && file.Average is null)
        {
            throw new StateFileMismatchException("The checkpoint holds no weight average, but one was given to restore it into.");
        }

        if (companions.Plateau is not null && file.Plateau is null)
        {
            throw new StateFileMismatchException("The checkpoint holds no plateau scheduler state, but a scheduler was given to restore it into.");
        }

        if (companions.Lookahead is not null && file.Lookahead is null)
        {
            throw new StateFileMismatchException("The checkpoint holds no Lookahead slow weights, but a Lookahead was given to restore them into.");
        }

        if (companions.Plateau is not null)
        {
            try
            {
                companions.Plateau.CheckRestorable(file.Plateau!.State());
            }
            catch (ArgumentOutOfRangeException error)
            {
                throw new StateFileFormatException($"plateau's state is invalid: {error.Message}");
            }
        }
    }

    private static void CompareOptions(JsonElement file, OptimizerOptions target, string where, List<string> differences)
    {
        var fileProperties = Json.Properties(file, where);
        var targetProperties = OptionsElement(target).EnumerateObject().ToList();
        foreach (var t in targetProperties)
        {
            var match = fileProperties.FirstOrDefault(f => f.Name == t.Name);
            if (match.Value.ValueKind == JsonValueKind.Undefined)
            {
                if (LaterOptionDefaults.TryGetValue(t.Name, out var missingMeans) && missingMeans == t.Value.GetRawText())
                {
                    continue;
                }

                differences.Add($"{where}: the checkpoint has no {t.Name} (target {t.Value.GetRawText()})");
            }
            else if (match.Value.GetRawText() != t.Value.GetRawText())
            {
                differences.Add($"{where}: {t.Name} is {Clip(match.Value.GetRawText())} in the checkpoint, {t.Value.GetRawText()} in the target");
            }
        }

        foreach (var f in fileProperties)
        {
            if (!targetProperties.Any(t => t.Name == f.Name))
            {
                differences.Add($"{where}: the checkpoint sets {f.Name}, which the target's options do not have");
            }
        }
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
