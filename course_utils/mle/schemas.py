"""The churn service's request and response schemas: what a client may send, and what it gets back.

Requests are validated by strict pydantic models; errors name the field and the reason, never the record.
Categories are ``Literal[...]`` types, which the OpenAPI schema shows as ``enum`` lists. Enum classes
would not work here: the service validates already-parsed JSON in Python mode, where strict mode
accepts only Enum instances, never the plain strings a client sends.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

THRESHOLD = 0.5  # probability at or above which a customer is labelled a churner
MAX_BATCH_ROWS = 10_000
MAX_BODY_BYTES = 16 * 1024  # one customer is about 600 bytes of JSON
MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024  # 10,000 rows column-wise are about 1.8 MB
MAX_PROBLEMS = 20  # an error answer lists this many problems and counts the rest
YesNo = Literal["Yes", "No"]
AddOn = Literal["Yes", "No", "No internet service"]


def _whole_number(value):
    """JSON has one number type: accept 5.0 as 5, but never 5.5, "5" or true (strict mode refuses those)."""
    return int(value) if type(value) is float and value.is_integer() else value


whole = BeforeValidator(_whole_number)
Tenure = Annotated[int, Field(ge=0, le=120, description="Months as a customer."), whole]
Money = Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False, description="US dollars.")]
Monthly = Annotated[float, Field(gt=0, le=1_000, allow_inf_nan=False, description="Monthly bill, US dollars.")]
Senior = Annotated[int, Field(ge=0, le=1, description="1 if 65 or older."), whole]
Gender = Literal["Female", "Male"]
Lines = Literal["Yes", "No", "No phone service"]
Internet = Literal["DSL", "Fiber optic", "No"]
Contract = Literal["Month-to-month", "One year", "Two year"]
Payment = Literal["Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)",
                  "Unknown"]
EXAMPLE = {"gender": "Female", "SeniorCitizen": 0, "Partner": "Yes", "Dependents": "No", "tenure": 5,
           "PhoneService": "Yes", "MultipleLines": "No", "InternetService": "Fiber optic", "OnlineSecurity": "No",
           "OnlineBackup": "No", "DeviceProtection": "No", "TechSupport": "No", "StreamingTV": "Yes",
           "StreamingMovies": "No", "Contract": "Month-to-month", "PaperlessBilling": "Yes",
           "PaymentMethod": "Electronic check", "MonthlyCharges": 85.5, "TotalCharges": 427.5}
STRICT = ConfigDict(strict=True, extra="forbid")  # strict: `false` or "5" is not a number here


class Customer(BaseModel):
    """One customer's features, as in the clean churn table (see data/README.md)."""

    model_config = ConfigDict(**STRICT, json_schema_extra={"examples": [EXAMPLE]})
    gender: Gender
    SeniorCitizen: Senior
    Partner: YesNo
    Dependents: YesNo
    tenure: Tenure
    PhoneService: YesNo
    MultipleLines: Lines
    InternetService: Internet
    OnlineSecurity: AddOn
    OnlineBackup: AddOn
    DeviceProtection: AddOn
    TechSupport: AddOn
    StreamingTV: AddOn
    StreamingMovies: AddOn
    Contract: Contract
    PaperlessBilling: YesNo
    PaymentMethod: Payment
    MonthlyCharges: Monthly
    TotalCharges: Money


T = TypeVar("T")
Column = Annotated[list[T], Field(min_length=1, max_length=MAX_BATCH_ROWS)]


class CustomerBatch(BaseModel):
    """Many customers, column-wise: one list per feature, all of the same length.

    Columns, not a list of row objects: each key is sent once instead of once per row (the
    body is about a third of the size), parsing is about 3x faster, and the lists become a
    DataFrame as they are (``pd.DataFrame(batch)``); ``df.to_dict("list")`` builds one.
    """

    model_config = ConfigDict(**STRICT, json_schema_extra={"examples": [{k: [v] for k, v in EXAMPLE.items()}]})
    gender: Column[Gender]
    SeniorCitizen: Column[Senior]
    Partner: Column[YesNo]
    Dependents: Column[YesNo]
    tenure: Column[Tenure]
    PhoneService: Column[YesNo]
    MultipleLines: Column[Lines]
    InternetService: Column[Internet]
    OnlineSecurity: Column[AddOn]
    OnlineBackup: Column[AddOn]
    DeviceProtection: Column[AddOn]
    TechSupport: Column[AddOn]
    StreamingTV: Column[AddOn]
    StreamingMovies: Column[AddOn]
    Contract: Column[Contract]
    PaperlessBilling: Column[YesNo]
    PaymentMethod: Column[Payment]
    MonthlyCharges: Column[Monthly]
    TotalCharges: Column[Money]

    @model_validator(mode="after")
    def same_length(self) -> CustomerBatch:
        lengths = {name: len(values) for name, values in self}
        rows = len(self.gender)
        if len(set(lengths.values())) > 1:
            odd = ", ".join(f"{name} has {n}" for name, n in lengths.items() if n != rows)
            raise ValueError(f"every column needs as many values as gender ({rows}); {odd}")
        return self


class Prediction(BaseModel):
    churn_probability: float = Field(ge=0, le=1)
    churn: bool = Field(description=f"True when churn_probability >= {THRESHOLD}.")
    model_version: str


class BatchPrediction(BaseModel):
    churn_probability: list[float] = Field(description="One per customer, in the order sent.")
    churn: list[bool]
    model_version: str


class Health(BaseModel):
    status: Literal["ok"]
    model_loaded: bool
    model_version: str
    uptime_seconds: float


class Liveness(BaseModel):
    status: Literal["alive"]


class Readiness(BaseModel):
    status: Literal["ready"]
    model_version: str


class Problem(BaseModel):
    field: str = Field(description="Where the problem is: a field such as `tenure`, `tenure[3]` (row 3 of a "
                                   "batch), `body` for the body as a whole, or `request`, `model`.")
    message: str


class ErrorBody(BaseModel):
    """The one shape of every error answer, whatever its status."""

    detail: list[Problem] = Field(max_length=MAX_PROBLEMS, description=f"At most {MAX_PROBLEMS} problems.")
    more_problems: int = Field(0, ge=0, description="How many further problems were found but not listed.")
