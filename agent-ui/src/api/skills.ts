// Agents' line skills (GET /api/telephony/agents, PUT …/skills): who takes which hotline line.
import { api, request } from './client';

export interface AgentSkills {
  userId: number;
  username: string;
  displayName: string;
  skills: string[];
}

export const skillsApi = {
  list: () => api.get<{ lineSkills: string[]; agents: AgentSkills[] }>('/telephony/agents'),
  set: (userId: number, skills: string[]) =>
    request<{ userId: number; skills: string[] }>(`/telephony/agents/${userId}/skills`, {
      method: 'PUT',
      body: { skills },
    }),
};
