import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../../shared/template/parseTemplate.ts';
import { TemplateError } from '../../../shared/template/errors.ts';
import { yaml } from './scanText.ts';

describe('parseTemplate', () => {
  it('turns short-form tags into their long form, in scalar, list and mapping form', () => {
    const { body } = parseTemplate(
      yaml`
        Resources:
          R:
            Type: AWS::IAM::Role
            Properties:
              A: !Ref Param
              B: !GetAtt Fn.Arn
              C: !Sub
                - "arn:\${X}"
                - X: !Ref AWS::Region
              D: !If [Cond, !Join ['', [a, b]], !Ref AWS::NoValue]
              E: !Condition Cond
      `,
      't.yaml',
    );
    expect(body.Resources.R!.Properties).toEqual({
      A: { Ref: 'Param' },
      B: { 'Fn::GetAtt': ['Fn', 'Arn'] },
      C: { 'Fn::Sub': ['arn:${X}', { X: { Ref: 'AWS::Region' } }] },
      D: { 'Fn::If': ['Cond', { 'Fn::Join': ['', ['a', 'b']] }, { Ref: 'AWS::NoValue' }] },
      E: { Condition: 'Cond' },
    });
  });

  it('keeps the line and column of keys, list items and mappings', () => {
    const text = yaml`
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            Policies:
              - PolicyName: p
                PolicyDocument:
                  Statement:
                    - Effect: Allow
                      Action: '*'
    `;
    const { body, positions } = parseTemplate(text, 't.yaml');
    expect(positions.ofKey(body.Resources, 'Role')).toEqual({ line: 2, column: 3 });
    const policies = body.Resources.Role!.Properties!.Policies as { PolicyDocument: { Statement: unknown[] } }[];
    expect(positions.ofItem(policies, 0)).toEqual({ line: 6, column: 11 });
    expect(positions.ofItem(policies[0]!.PolicyDocument.Statement, 0)).toEqual({ line: 9, column: 17 });
  });

  it('reads JSON templates (sam build, cdk synth) with positions', () => {
    const text = '{\n  "Resources": {\n    "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Role": {"Fn::GetAtt": ["R", "Arn"]}}}\n  }\n}\n';
    const { body, positions } = parseTemplate(text, 't.json');
    expect(body.Resources.Fn!.Properties!.Role).toEqual({ 'Fn::GetAtt': ['R', 'Arn'] });
    expect(positions.ofKey(body.Resources, 'Fn')).toEqual({ line: 3, column: 5 });
  });

  it.each([
    ['Resources: [', /t\.yaml:\d+:\d+: not valid YAML or JSON/],
    ['Resources:\n  A: 1\n  A: 2\n', /t\.yaml:3:3: not valid YAML or JSON/],
    ['Resources:\n  A: !Unknown x\n', /t\.yaml:2:6: not valid YAML or JSON/],
    ['AWSTemplateFormatVersion: "2010-09-09"\n', /t\.yaml: not a CloudFormation template \(no Resources mapping\)/],
    ['- a\n', /t\.yaml: not a CloudFormation template/],
  ])('rejects %j with the file and position', (text, message) => {
    expect(() => parseTemplate(text, 't.yaml')).toThrow(TemplateError);
    expect(() => parseTemplate(text, 't.yaml')).toThrow(message);
  });
});
