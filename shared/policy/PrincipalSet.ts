/** The principals a statement names, by type. `wildcard` for `"*"` or `{"AWS":"*"}`. */
export interface PrincipalSet {
  wildcard: boolean;
  aws: string[];
  service: string[];
  federated: string[];
  canonicalUser: string[];
}
