import { describe, expect, it } from 'vitest';
import { parseWorkflowFile, starterDefinition, WorkflowImportError } from '@/stores/workflows.store';

describe('workflow files', () => {
  it('reads an export file and a bare definition', () => {
    const def = starterDefinition('pip.entered');
    expect(parseWorkflowFile(JSON.stringify({ format: 'coachflow.workflow', version: 1, name: 'PIP', definition: def }), 'x')).toEqual({
      name: 'PIP',
      description: undefined,
      definition: def,
    });
    expect(parseWorkflowFile(JSON.stringify(def), 'from-file').name).toBe('from-file');
  });

  it('rejects non-JSON and non-workflow files with a reason', () => {
    expect(() => parseWorkflowFile('{', 'x')).toThrow(WorkflowImportError);
    try {
      parseWorkflowFile('{"nodes": 1}', 'x');
    } catch (e) {
      expect((e as WorkflowImportError).reason).toBe('shape');
    }
    expect(() => parseWorkflowFile('{"nodes": 1}', 'x')).toThrow(WorkflowImportError);
  });

  it('starts a new workflow with just a trigger', () => {
    expect(starterDefinition().nodes.map((n) => n.kind)).toEqual(['trigger']);
  });
});
