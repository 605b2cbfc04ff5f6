-- AlterEnum: an offer that never became a contract ends as WITHDRAWN (by the client) or DECLINED (by the freelancer).
-- Neither is ever active: no tracking, no close, no bonus; ended_at stays NULL (the audit log holds when).
ALTER TYPE "ContractStatus" ADD VALUE 'WITHDRAWN';
ALTER TYPE "ContractStatus" ADD VALUE 'DECLINED';
