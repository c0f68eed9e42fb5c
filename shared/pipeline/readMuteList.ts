/**
 * The stack's mute list (MuteListParameter), read from its SSM parameter once per invocation. A list
 * that cannot be read or is not valid mutes nothing and says why: a broken mute list must never hide
 * findings, nor stop the alerts.
 */
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Mute } from '../engine/MuteList.ts';
import { MuteListError, parseMuteList } from '../engine/parseMuteList.ts';

export interface MuteListRead {
  mutes: Mute[];
  /** Why no mute applies although a parameter is named (unreadable or invalid), for the log. */
  problem?: string;
}

export async function readMuteList(ssm: SSMClient, parameterName: string | undefined): Promise<MuteListRead> {
  if (parameterName === undefined) return { mutes: [] };
  let text: string | undefined;
  try {
    text = (await ssm.send(new GetParameterCommand({ Name: parameterName }))).Parameter?.Value;
  } catch (error) {
    return { mutes: [], problem: `SSM parameter ${parameterName} (MuteListParameter) could not be read: ${(error as Error).name}: ${(error as Error).message}` };
  }
  try {
    return { mutes: parseMuteList(text ?? '').mutes };
  } catch (error) {
    if (!(error instanceof MuteListError)) throw error;
    return { mutes: [], problem: `SSM parameter ${parameterName} (MuteListParameter): ${error.message}` };
  }
}
