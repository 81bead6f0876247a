using Mono.Cecil;
using Mono.Cecil.Cil;

namespace SimdOpt.Tests.Architecture;

/// <summary>
/// Reads an assembly's compiled references into a <see cref="NamespaceGraph"/>: for every type whose namespace starts
/// with a root, the types it names in its base type, interfaces, generic constraints, attributes, fields, properties,
/// events, method signatures, locals, catch clauses and every instruction operand (calls, field accesses, casts,
/// <c>typeof</c>, <c>new</c>). Nested and compiler-generated types count as their outermost type's namespace, so a
/// lambda or iterator counts where its method is. XML documentation references are not compiled and do not count.
/// </summary>
public static class AssemblyNamespaces
{
    /// <summary>The graph of the namespaces under <paramref name="root"/> in the assembly at <paramref name="path"/>.</summary>
    public static NamespaceGraph Read(string path, string root)
    {
        var graph = new NamespaceGraph();
        using var module = ModuleDefinition.ReadModule(path);
        foreach (var type in module.GetTypes())
        {
            var from = NamespaceOf(type);
            if (!Under(from, root))
            {
                continue;
            }

            var visitor = new Visitor(graph, root, from, Outermost(type).FullName);
            visitor.Type(type);
        }

        return graph;
    }

    private static bool Under(string name, string root) => name == root || name.StartsWith(root + ".", StringComparison.Ordinal);

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static string NamespaceOf(TypeReference type) => Outermost(type).Namespace;

    private sealed class Visitor(NamespaceGraph graph, string root, string from, string fromType)
    {
        public void Type(TypeDefinition type)
        {
            Reference(type.BaseType);
            foreach (var implemented in type.Interfaces)
            {
                Reference(implemented.InterfaceType);
            }

            GenericParameters(type.GenericParameters);
            Attributes(type.CustomAttributes);
            foreach (var field in type.Fields)
            {
                Reference(field.FieldType);
                Attributes(field.CustomAttributes);
            }

            foreach (var property in type.Properties)
            {
                Reference(property.PropertyType);
                Attributes(property.CustomAttributes);
            }

            foreach (var @event in type.Events)
            {
                Reference(@event.EventType);
            }

            foreach (var method in type.Methods)
            {
                Method(method);
            }
        }

        private void Method(MethodDefinition method)
        {
            Reference(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Reference(parameter.ParameterType);
                Attributes(parameter.CustomAttributes);
            }

            GenericParameters(method.GenericParameters);
            Attributes(method.CustomAttributes);
            if (!method.HasBody)
            {
                return;
            }

            foreach (var local in method.Body.Variables)
            {
                Reference(local.VariableType);
            }

            foreach (var handler in method.Body.ExceptionHandlers)
            {
                Reference(handler.CatchType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                Operand(instruction.Operand);
            }
        }

        private void Operand(object? operand)
        {
            switch (operand)
            {
                case TypeReference type:
                    Reference(type);
                    break;
                case MethodReference called:
                    Reference(called.DeclaringType);
                    Reference(called.ReturnType);
                    foreach (var parameter in called.Parameters)
                    {
                        Reference(parameter.ParameterType);
                    }

                    if (called is GenericInstanceMethod instance)
                    {
                        foreach (var argument in instance.GenericArguments)
                        {
                            Reference(argument);
                        }
                    }

                    break;
                case FieldReference field:
                    Reference(field.DeclaringType);
                    Reference(field.FieldType);
                    break;
                case CallSite site:
                    Reference(site.ReturnType);
                    break;
            }
        }

        private void GenericParameters(IEnumerable<GenericParameter> parameters)
        {
            foreach (var parameter in parameters)
            {
                foreach (var constraint in parameter.Constraints)
                {
                    Reference(constraint.ConstraintType);
                }
            }
        }

        private void Attributes(IEnumerable<CustomAttribute> attributes)
        {
            foreach (var attribute in attributes)
            {
                Reference(attribute.AttributeType);
                foreach (var argument in attribute.ConstructorArguments)
                {
                    if (argument.Value is TypeReference type)
                    {
                        Reference(type);
                    }
                }
            }
        }

        private void Reference(TypeReference? type)
        {
            switch (type)
            {
                case null or GenericParameter:
                    return;
                case GenericInstanceType instance:
                    Reference(instance.ElementType);
                    foreach (var argument in instance.GenericArguments)
                    {
                        Reference(argument);
                    }

                    return;
                case TypeSpecification specification:
                    Reference(specification.ElementType);
                    return;
            }

            var to = NamespaceOf(type);
            if (Under(to, root))
            {
                graph.Add(from, to, $"{fromType} uses {Outermost(type).FullName}");
            }
        }
    }
}
