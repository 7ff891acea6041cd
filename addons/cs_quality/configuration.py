# This file is part of the customer-service suite.  The COPYRIGHT file at the
# top level of this repository contains the full copyright notices and license
# terms.
from trytond.model import ModelSQL, fields
from trytond.modules.company.model import CompanyValueMixin
from trytond.modules.cs_base.configuration import (
    MovedFromConfigurationMixin, default_sequence, sequence_field)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

# the evidence an appraisal weighs (appraisal.MEASURES)
MEASURES = ['inspection', 'rating', 'complaint', 'sla', 'revisit', 'exam']


def percent(name):
    "The domain of a field of 0 to 100"
    return [(name, '>=', 0), (name, '<=', 100)]


class Configuration(metaclass=PoolMeta):
    __name__ = 'cs.configuration'

    inspection_sequence = fields.MultiValue(sequence_field(
            "Inspection Sequence", 'cs_quality', 'sequence_type_inspection'))

    @classmethod
    def default_inspection_sequence(cls, **pattern):
        return default_sequence('cs_quality', 'sequence_inspection')


class ConfigurationSequence(metaclass=PoolMeta):
    __name__ = 'cs.configuration.sequence'

    inspection_sequence = sequence_field(
        "Inspection Sequence", 'cs_quality', 'sequence_type_inspection',
        Eval('company', -1))

    @classmethod
    def default_inspection_sequence(cls):
        return default_sequence('cs_quality', 'sequence_inspection')


# the appraisal's settings of one company: {field: (string, default, help)}
APPRAISAL_SETTINGS = {
    'appraisal_weight_inspection': ("Weight of Inspections", 30, ''),
    'appraisal_weight_rating': ("Weight of Satisfaction Ratings", 25, ''),
    'appraisal_weight_complaint': ("Weight of Complaints", 20, ''),
    'appraisal_weight_sla': ("Weight of Deadlines Met", 15, ''),
    'appraisal_weight_revisit': ("Weight of Revisits on Time", 10, ''),
    'appraisal_weight_exam': ("Weight of Exams", 10, ''),
    'appraisal_excellent': ("Excellent From", 90, ''),
    'appraisal_good': ("Good From", 80, ''),
    'appraisal_satisfactory': ("Satisfactory From", 60,
        "Below it, the employee needs coaching."),
    }


def appraisal_setting(name):
    "The field of the setting name: a whole number of 0 to 100"
    string, _, help = APPRAISAL_SETTINGS[name]
    return fields.Integer(string, required=True, domain=percent(name),
        help=help)


class ConfigurationAppraisal(metaclass=PoolMeta):
    """The weights of the appraisal's measures and the grades' thresholds,
    per company (or the default of every company)"""
    __name__ = 'cs.configuration'

    appraisal_weight_inspection = fields.MultiValue(
        appraisal_setting('appraisal_weight_inspection'))
    appraisal_weight_rating = fields.MultiValue(
        appraisal_setting('appraisal_weight_rating'))
    appraisal_weight_complaint = fields.MultiValue(
        appraisal_setting('appraisal_weight_complaint'))
    appraisal_weight_sla = fields.MultiValue(
        appraisal_setting('appraisal_weight_sla'))
    appraisal_weight_revisit = fields.MultiValue(
        appraisal_setting('appraisal_weight_revisit'))
    appraisal_weight_exam = fields.MultiValue(
        appraisal_setting('appraisal_weight_exam'))
    appraisal_excellent = fields.MultiValue(
        appraisal_setting('appraisal_excellent'))
    appraisal_good = fields.MultiValue(appraisal_setting('appraisal_good'))
    appraisal_satisfactory = fields.MultiValue(
        appraisal_setting('appraisal_satisfactory'))

    @classmethod
    def multivalue_model(cls, field):
        if field in APPRAISAL_SETTINGS:
            return Pool().get('cs.configuration.appraisal')
        return super().multivalue_model(field)

    def appraisal_weights(self, company):
        "{measure: weight} of company"
        return {m: self.get_multivalue(
                    f'appraisal_weight_{m}', company=company.id) or 0
            for m in MEASURES}

    def appraisal_thresholds(self, company):
        "[(grade, least score)] of company, best first"
        def least(name):
            return self.get_multivalue(name, company=company.id)
        return [
            ('excellent', least('appraisal_excellent')),
            ('good', least('appraisal_good')),
            ('satisfactory', least('appraisal_satisfactory')),
            ('needs_coaching', 0),
            ]


def _default(name):
    "The default of setting name, a classmethod of the configuration"
    return classmethod(lambda cls, **pattern: APPRAISAL_SETTINGS[name][1])


# default_appraisal_weight_inspection… from APPRAISAL_SETTINGS
for _name in APPRAISAL_SETTINGS:
    setattr(ConfigurationAppraisal, f'default_{_name}', _default(_name))


class ConfigurationAppraisalValue(
        MovedFromConfigurationMixin, ModelSQL, CompanyValueMixin):
    "The appraisal's weights and thresholds of a company"
    __name__ = 'cs.configuration.appraisal'
    __string__ = "Appraisal Configuration"

    appraisal_weight_inspection = appraisal_setting(
        'appraisal_weight_inspection')
    appraisal_weight_rating = appraisal_setting('appraisal_weight_rating')
    appraisal_weight_complaint = appraisal_setting(
        'appraisal_weight_complaint')
    appraisal_weight_sla = appraisal_setting('appraisal_weight_sla')
    appraisal_weight_revisit = appraisal_setting('appraisal_weight_revisit')
    appraisal_weight_exam = appraisal_setting('appraisal_weight_exam')
    appraisal_excellent = appraisal_setting('appraisal_excellent')
    appraisal_good = appraisal_setting('appraisal_good')
    appraisal_satisfactory = appraisal_setting('appraisal_satisfactory')

    @classmethod
    def __register__(cls, module):
        super().__register__(module)
        # they were one value for the site, columns of cs_configuration
        for name in APPRAISAL_SETTINGS:
            cls.move_from_configuration(name)

    @classmethod
    def _migration_defaults(cls):
        return {name: default
            for name, (_, default, _) in APPRAISAL_SETTINGS.items()}
