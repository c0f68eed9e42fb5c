/**
 * `arn:aws:lambda:us-east-1:111122223333:function:orders:live` -> `...:function:orders` (the function
 * an alias or version belongs to, its `$LATEST`); an unqualified ARN is returned as it is.
 */
export function unqualifiedFunctionArn(functionArn: string): string {
  return functionArn.split(':').slice(0, 7).join(':');
}
