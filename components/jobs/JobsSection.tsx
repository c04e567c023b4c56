import { ErrorNotice } from '@/components/ErrorNotice';
import { JobList } from '@/components/jobs/JobList';
import { activeJob } from '@/components/jobs/job-progress';
import { cancelJob, useJobs } from '@/components/jobs/use-jobs';
import { useClock } from '@/components/use-clock';

/** Container: the session's try-ons, kept up to date by the background (popup). */
export function JobsSection() {
  const { jobs, error } = useJobs();
  const now = useClock((jobs ?? []).some(activeJob));
  if (jobs === null) return null;
  if (error) return <ErrorNotice error={error} />;
  return <JobList jobs={jobs} now={now} onCancel={cancelJob} />;
}
